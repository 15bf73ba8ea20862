// Model names arrive in many spellings for one price: "openai/gpt-4o" (OpenRouter, LiteLLM),
// "models/gemini-1.5-pro" (Gemini REST), "us.anthropic.claude-sonnet-4-20250514-v1:0" (Bedrock
// inference profiles), "claude-3-5-sonnet-v2@20241022" (Vertex AI). Reduce them to the provider's
// own model id so one pattern per model suffices. Dated snapshot suffixes are left for the
// patterns, which allow them.

const BEDROCK_REGIONS = ['us.', 'eu.', 'apac.', 'global.', 'us-gov.', 'jp.', 'au.', 'ca.'];
const BEDROCK_VENDORS = ['anthropic.', 'amazon.', 'meta.', 'mistral.', 'cohere.', 'ai21.', 'deepseek.', 'openai.', 'writer.', 'qwen.'];

function stripPrefix(name: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

/** Lower-cased model id without provider path, Bedrock region/vendor prefix, version tag or Vertex @date. */
export function normalizeModelName(raw: string): string {
  let name = raw.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  const at = name.indexOf('@');
  if (at > 0) name = name.slice(0, at);
  // A Bedrock region prefix only counts when a vendor prefix follows it.
  const afterRegion = stripPrefix(name, BEDROCK_REGIONS);
  const afterVendor = stripPrefix(afterRegion, BEDROCK_VENDORS);
  if (afterVendor !== afterRegion) name = afterVendor;
  // Bedrock model version tag, e.g. "-v1:0", "-v2:0".
  const tag = /-v\d+:\d+$/.exec(name);
  if (tag) name = name.slice(0, tag.index);
  return name;
}
