/**
 * Text that is not conversation at all: role labels and system tags that fake a prompt's
 * structure, code, and HTML or Markdown that would render or run. A visitor talking to a
 * character from a novel has no use for any of them.
 */

/** A named pattern; the name becomes the reason when it matches. */
export interface MarkupRule {
  reason: string;
  pattern: RegExp;
}

const roleName = String.raw`(?:system|assistant|user|human|ai|bot|model|admin|administrator|developer|operator|root|sudo|instructions?|new\s+instructions?|context|prompt|config(?:uration)?|system[_ ]?message|system[_ ]?prompt|gpt|chatgpt|claude|inst|sys|important\s+instructions?|override|response|output)`;

/** Patterns of faked structure, code and active markup. */
export const markupRules: MarkupRule[] = [
  { reason: 'injection: role labels or system tags', pattern: new RegExp(String.raw`^[\s\[<({#*|>-]*${roleName}\s*(?:\]|\|?>|\)|\}|\*\*|:)`, 'im') },
  { reason: 'injection: role labels or system tags', pattern: /<\|[a-z_]+\|>|<\/?(?:system|sys|instructions?|prompt|context|admin|inst|im_start|im_end|information|important|config|rules)\b[^>]*>|\[\/?(?:INST|SYS|SYSTEM|ADMIN)\]|<<\/?SYS>>|\b(?:BEGIN|END|START)\s+(?:OF\s+)?(?:THE\s+)?(?:SYSTEM|PROMPT|INSTRUCTIONS?|CONTEXT|CONVERSATION|ADMIN|DEVELOPER|USER\s+INPUT)\b|^\s*(?:-{3,}|={3,}|\*{3,}|#{2,})\s*(?:new|system|end|begin|start|override|admin|developer|updated?)\b/im },
  { reason: 'injection: code', pattern: /```|^\s*(?:import\s+[\w.]+|from\s+[\w.]+\s+import|def\s+\w+\s*\(|function\s*\w*\s*\(|class\s+\w+\s*[:{(]|(?:const|let|var)\s+\w+\s*=|#include\s*<|public\s+static\s+void)|\b(?:os\.system|subprocess\.\w+|eval|exec|console\.log|document\.cookie|window\.location|require|popen|shell_exec|passthru)\s*\(|\brm\s+-[rf]{1,2}\b|\bsudo\s+[a-z]|\b(?:curl|wget)\s+(?:-\w+\s+)*\S+[/.]|<\?php|=>\s*\{|\b[a-z_][\w.]*\([^()]{0,80}\)\s*;/im },
  { reason: 'injection: code', pattern: /\bSELECT\b[^.!?]{0,80}\bFROM\b\s+\w|\bDROP\s+TABLE\b|\bINSERT\s+INTO\b|\b[a-z]+(?:Prompt|Instructions?|Config|Rules|Message|Secret|Password)\b/ },
  { reason: 'injection: active markup', pattern: /<\s*(?:script|iframe|img|a\s+href|svg|object|embed|style|link|meta|form|input|button|video|audio|source|base|body|html)\b[^>]*>|\bon(?:load|error|click|mouseover|focus)\s*=\s*["']?|javascript:|data:text\/html|!\[[^\]]*\]\(\s*[^)\s]+\s*\)/i },
];

/** Reasons a text fakes structure or carries code or active markup. */
export function findMarkup(text: string): string[] {
  return [...new Set(markupRules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.reason))];
}
