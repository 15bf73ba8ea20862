// Provider names as Vigil stores them: lower case, one spelling per provider. Values follow the
// gen_ai.provider.name registry where it has one, except that every Google endpoint is "google"
// and Mistral is "mistral".

const CANONICAL: Record<string, string> = {
  openai: 'openai',
  'openai.chat': 'openai',
  'openai.responses': 'openai',
  'openai.completion': 'openai',
  anthropic: 'anthropic',
  'anthropic.messages': 'anthropic',
  google: 'google',
  gemini: 'google',
  vertex: 'google',
  vertexai: 'google',
  'vertex_ai': 'google',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'google.generative-ai': 'google',
  'google.vertex': 'google',
  'vertex.anthropic': 'google',
  google_genai: 'google',
  googlegenai: 'google',
  // LangChain's ls_provider names
  google_vertexai: 'google',
  google_anthropic_vertex: 'google',
  bedrock_converse: 'aws.bedrock',
  'aws.bedrock': 'aws.bedrock',
  bedrock: 'aws.bedrock',
  aws: 'aws.bedrock',
  'aws_bedrock': 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  'amazon_bedrock': 'aws.bedrock',
  azure: 'azure.ai.openai',
  'azure.ai.openai': 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  'azure_openai': 'azure.ai.openai',
  azureopenai: 'azure.ai.openai',
  'azure.ai.inference': 'azure.ai.inference',
  mistral: 'mistral',
  mistralai: 'mistral',
  'mistral_ai': 'mistral',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  'x_ai': 'x_ai',
  perplexity: 'perplexity',
  'ibm.watsonx.ai': 'ibm.watsonx.ai',
  watsonx: 'ibm.watsonx.ai',
  ollama: 'ollama',
  openrouter: 'openrouter',
  together: 'together',
  togetherai: 'together',
  fireworks: 'fireworks',
  huggingface: 'huggingface',
};

const cache = new Map<string, string>();

function canonical(raw: string): string {
  const name = raw.trim().toLowerCase().replaceAll(' ', '');
  const known = CANONICAL[name];
  if (known) return known;
  // Vercel AI SDK spells provider ids "<provider>.<api>", e.g. "mistral.chat", "google.vertex.chat".
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
    const prefix = CANONICAL[name.slice(0, dot)];
    if (prefix) return prefix;
  }
  return name;
}

export function normalizeProvider(raw: string | undefined): string {
  if (raw === undefined) return '';
  let value = cache.get(raw);
  if (value === undefined) {
    value = canonical(raw);
    if (cache.size > 1000) cache.clear();
    cache.set(raw, value);
  }
  return value;
}
