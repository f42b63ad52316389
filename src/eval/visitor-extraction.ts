import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { tokenize } from '../memory/tokenize.ts';
import { extractSpokenFacts } from '../memory/visitor-facts/extract-facts.ts';
import { normalizeValue, type FactFields } from '../memory/visitor-facts/fact-types.ts';

const factSchema = z.object({ subject: z.string().min(1), attribute: z.string().min(1), value: z.string().min(1) });

/** A file of extraction probes: messages and the facts each states (none for the traps). */
export const extractionProbesSchema = z.object({
  note: z.string().optional(),
  messages: z.array(z.object({ message: z.string().min(1), facts: z.array(factSchema) })).min(1),
});

/** Extraction probes as read from a file. */
export type ExtractionProbes = z.infer<typeof extractionProbesSchema>;

/** Precision and recall of rule-based extraction over a set of probes, with what went wrong. */
export interface ExtractionReport {
  messages: number;
  expected: number;
  extracted: number;
  correct: number;
  precision: number;
  recall: number;
  /** Facts extracted that no expected fact matches. */
  wrong: Array<{ message: string; fact: string }>;
  /** Expected facts that were not extracted. */
  missed: Array<{ message: string; fact: string }>;
}

/** Reads a probe file, checked against its schema. */
export async function readExtractionProbes(file: string): Promise<ExtractionProbes> {
  return extractionProbesSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

const valueStems = (value: string): string[] => tokenize(normalizeValue(value));

/**
 * Whether an extracted fact is the expected one: the same attribute, the same subject (or one
 * naming the other, "best friend" and "friend"), and a value whose stemmed words hold the other's
 * ("knitting in the evenings" holds "knitting").
 */
export function isSameFact(expected: FactFields, actual: FactFields): boolean {
  if (expected.attribute !== actual.attribute) return false;
  const [left, right] = [expected.subject.toLowerCase(), actual.subject.toLowerCase()];
  if (left !== right && !left.endsWith(` ${right}`) && !right.endsWith(` ${left}`)) return false;
  const [gold, found] = [valueStems(expected.value), valueStems(actual.value)];
  if (gold.length === 0 || found.length === 0) return normalizeValue(expected.value) === normalizeValue(actual.value);
  return gold.every((stem) => found.includes(stem)) || found.every((stem) => gold.includes(stem));
}

const describe = (fact: FactFields): string => `${fact.subject}.${fact.attribute}=${fact.value}`;
const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000);

/** Runs the rule-based extractor over every probe and scores it. */
export function evaluateExtraction(probes: ExtractionProbes): ExtractionReport {
  let expected = 0;
  let extracted = 0;
  let correct = 0;
  const wrong: ExtractionReport['wrong'] = [];
  const missed: ExtractionReport['missed'] = [];
  for (const probe of probes.messages) {
    const found = extractSpokenFacts(probe.message);
    expected += probe.facts.length;
    extracted += found.length;
    const unmatched = [...probe.facts];
    for (const fact of found) {
      const index = unmatched.findIndex((gold) => isSameFact(gold, fact));
      if (index >= 0) {
        correct += 1;
        unmatched.splice(index, 1);
      } else wrong.push({ message: probe.message, fact: describe(fact) });
    }
    for (const fact of unmatched) missed.push({ message: probe.message, fact: describe(fact) });
  }
  return { messages: probes.messages.length, expected, extracted, correct, precision: ratio(correct, extracted), recall: ratio(correct, expected), wrong, missed };
}
