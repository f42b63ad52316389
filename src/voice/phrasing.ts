/**
 * Picking and filling a phrasing: deterministic for a seed, never one the conversation has
 * already heard, every placeholder filled (or removed), so no template shows through.
 */
import { findInstructions } from '../safety/instruction.ts';
import { capitalise, hashText } from './text.ts';

/** The values a phrasing may name. */
export interface PhraseValues {
  visitorName?: string;
  topic?: string;
  value?: string;
  subject?: string;
  facts?: string;
}

/** Whether visitor text may be said back: nothing in it reads as an instruction. */
export function isSafeToEcho(text: string): boolean {
  return findInstructions(text).length === 0;
}

/** Fills {vocative}, {topic}, {Topic}, {value}, {Value}, {subject}, {facts}; unknown ones vanish. */
export function fill(template: string, values: PhraseValues): string {
  const name = values.visitorName && isSafeToEcho(values.visitorName) ? values.visitorName : undefined;
  const lookup: Record<string, string> = {
    vocative: name ? `, ${name}` : '',
    topic: values.topic ?? 'that',
    Topic: capitalise(values.topic ?? 'that'),
    value: values.value ?? '',
    Value: capitalise(values.value ?? ''),
    subject: values.subject ?? '',
    facts: values.facts ?? '',
  };
  // "A {topic}" before "AI" or "apple" is "An AI", "an apple".
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => lookup[key] ?? '').replace(/\b([Aa]) (?=(?:[aeiouAEIOU]|AI\b))/g, (_match, article: string) => `${article}n `);
}

/** Picks a phrasing for `seed`, skipping any the conversation's replies already contain. */
export function pick(options: readonly string[], seed: string, heard: readonly string[] = [], values: PhraseValues = {}): string {
  if (options.length === 0) return '';
  const start = hashText(seed) % options.length;
  for (let offset = 0; offset < options.length; offset += 1) {
    const template = options[(start + offset) % options.length]!;
    // Heard with or without the visitor's name, a phrasing is heard.
    const probes = [fill(template, values), fill(template, { ...values, visitorName: '' })].map((text) => text.slice(0, 40));
    if (!heard.some((reply) => probes.some((probe) => reply.includes(probe)))) return fill(template, values);
  }
  return fill(options[start]!, values);
}

/** A phrasing the conversation has not heard yet, or nothing when every one has been. */
export function pickFresh(options: readonly string[], seed: string, heard: readonly string[], values: PhraseValues = {}): string {
  const fresh = options.filter((option) => !heard.some((reply) => reply.includes(fill(option, { ...values, visitorName: '' }).slice(0, 40))));
  return fresh.length > 0 ? pick(fresh, seed, heard, values) : '';
}
