import { z } from 'zod';

/** Our own fields, kept under `data.extensions.reverie` so other tools carry them untouched. */
export const reverieExtensionSchema = z.object({
  /** The id of the book under corpus/ the character comes from. */
  book: z.string().min(1).max(100),
  /** Other names the book uses for the character ("the Hatter", "Hatter"). */
  aliases: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** What the character values and will not do, one short rule a line. */
  constitution: z.array(z.string().min(1).max(500)).min(1).max(30),
  /** The character's knowledge boundary in the story. */
  knowledge: z.object({
    /** The last chapter (1-based position) whose events the character knows of, if limited. */
    lastChapter: z.number().int().positive().optional(),
    /** Things the character does not know, in plain words. */
    doesNotKnow: z.array(z.string().min(1).max(500)).max(30).default([]),
  }),
  /** A few words of manner ("curious", "grave") the offline voice uses to frame replies. */
  manner: z.array(z.string().min(1).max(60)).max(12).default([]),
});

/** Character Card V3 with our extension; unknown extensions are kept as they are. */
export const cardSchema = z.object({
  spec: z.literal('chara_card_v3'),
  spec_version: z.string().default('3.0'),
  data: z.object({
    name: z.string().min(1).max(100),
    description: z.string().max(20_000),
    personality: z.string().max(5_000).default(''),
    scenario: z.string().max(5_000).default(''),
    first_mes: z.string().min(1).max(5_000),
    mes_example: z.string().max(20_000).default(''),
    system_prompt: z.string().max(10_000).default(''),
    tags: z.array(z.string().max(60)).max(50).default([]),
    creator_notes: z.string().max(10_000).default(''),
    creator: z.string().max(200).optional(),
    character_version: z.string().max(50).optional(),
    alternate_greetings: z.array(z.string().max(5_000)).max(20).optional(),
    post_history_instructions: z.string().max(5_000).optional(),
    character_book: z.unknown().optional(),
    extensions: z
      .object({ reverie: reverieExtensionSchema })
      .catchall(z.unknown()),
  }).catchall(z.unknown()),
});

/** A validated card as stored in `characters/<id>/card.json`. */
export type Card = z.infer<typeof cardSchema>;
/** Our extension fields. */
export type ReverieExtension = z.infer<typeof reverieExtensionSchema>;

/** A loaded character: its folder id and its card. */
export interface Character {
  id: string;
  card: Card;
}
