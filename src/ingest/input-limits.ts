/** The limits an ingestion enforces, with defaults sized for a long novel and no more. */
export interface InputLimits {
  /** The largest file accepted, in bytes. */
  maxInputBytes: number;
  /** The most an EPUB may hold once inflated, in bytes, across the entries read. */
  maxInflatedBytes: number;
  /** The most entries an EPUB may list. */
  maxEntries: number;
  /** The highest ratio of declared uncompressed to compressed size for one entry. */
  maxCompressionRatio: number;
}

/** 20 MB in, 80 MB inflated, 5,000 entries, 200:1 at most per entry. */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxInputBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 80 * 1024 * 1024,
  maxEntries: 5_000,
  maxCompressionRatio: 200,
};
