// What the support bot knows: help-centre articles, the questions customers ask about them, a
// grounded answer, and an answer that contradicts the article (the kind of hallucination the
// evaluator must catch: the article says "14 days", the answer says "30 days").

export interface Article {
  id: string;
  content: string;
}

export interface Topic {
  article: Article;
  questions: readonly string[];
  /** Needs the customer's order: the bot looks it up before answering. */
  needsOrder: boolean;
  grounded: (order: string) => string;
  unsupported: (order: string) => string;
}

export const TOPICS: readonly Topic[] = [
  {
    article: { id: 'kb-refund-policy', content: 'Refunds are accepted within 14 days of delivery for unused items in their original packaging. Shipping costs are not refunded. Refunds are paid to the original payment method within 5 business days.' },
    questions: ['Can I still return my headphones? I got them last week.', 'How long do I have to ask for a refund?', 'I want my money back for order {order}, is that possible?', 'Do you refund the shipping cost too?'],
    needsOrder: true,
    grounded: (order) => `Yes. Order ${order} was delivered recently, and refunds are accepted within 14 days of delivery as long as the item is unused and in its original packaging. The refund goes back to your original payment method within 5 business days; shipping costs are not refunded.`,
    unsupported: (order) => `Yes. You can return order ${order} within 30 days of delivery, and we refund the full amount including shipping to your original payment method within 2 business days.`,
  },
  {
    article: { id: 'kb-shipping-times', content: 'Standard shipping takes 3 to 5 business days. Express shipping takes 1 to 2 business days and costs $12.99. Orders placed before 2 pm are dispatched the same day.' },
    questions: ['Where is my order {order}? It still has not arrived.', 'How long does express shipping take?', 'When will order {order} arrive?', 'Is there a faster shipping option?'],
    needsOrder: true,
    grounded: (order) => `Order ${order} is on its way with standard shipping, which takes 3 to 5 business days. If you need it sooner next time, express shipping takes 1 to 2 business days for $12.99.`,
    unsupported: (order) => `Order ${order} ships with our free express service, so it will arrive tomorrow morning before 10 am.`,
  },
  {
    article: { id: 'kb-warranty', content: 'All electronics carry a 12-month limited warranty covering manufacturing defects. Accidental damage and water damage are not covered. Warranty claims need the order number and a photo of the defect.' },
    questions: ['My speaker stopped charging after four months. Is that covered?', 'What does the warranty cover?', 'The screen on my tablet has dead pixels, can I get it replaced?'],
    needsOrder: false,
    grounded: () => 'That sounds like a manufacturing defect, which is covered by our 12-month limited warranty. Please reply with your order number and a photo of the problem and we will start the claim. Note that accidental or water damage is not covered.',
    unsupported: () => 'Good news: every device comes with a 3-year warranty that also covers accidental and water damage, so we will replace it free of charge.',
  },
  {
    article: { id: 'kb-password-reset', content: 'Password reset links are sent to the account email address and expire after 30 minutes. After 5 failed sign-in attempts the account is locked for 15 minutes.' },
    questions: ['I did not get the password reset email.', 'My reset link says it expired, what do I do?', 'I am locked out of my account.'],
    needsOrder: false,
    grounded: () => 'Reset links expire after 30 minutes, so please request a new one from the sign-in page and use it straight away. If you tried to sign in 5 times, the account is locked for 15 minutes; wait for that to pass and try again.',
    unsupported: () => 'Reset links stay valid for 7 days, and the lock after failed sign-ins lasts 24 hours, so you will need to try again tomorrow.',
  },
  {
    article: { id: 'kb-cancellation', content: 'Orders can be cancelled free of charge until they are dispatched, usually within 2 hours of purchase. The refund of a cancelled order is paid to the original payment method within 5 business days. Dispatched orders cannot be cancelled but can be returned after delivery.' },
    questions: ['Please cancel order {order}, I ordered the wrong size.', 'Can I still cancel my order? I placed it an hour ago.', 'How do I cancel order {order}?'],
    needsOrder: true,
    grounded: (order) => `Order ${order} has not been dispatched yet, so I have cancelled it free of charge. You will see the refund on your original payment method within 5 business days.`,
    unsupported: (order) => `Order ${order} can be cancelled at any time up to 10 days after dispatch, so there is no rush; a cancellation fee of $4.99 applies.`,
  },
  {
    article: { id: 'kb-premium', content: 'Premium membership costs $9.99 per month and includes free express shipping. It can be cancelled at any time from Account settings; the benefits last until the end of the billing period.' },
    questions: ['How much is Premium?', 'How do I cancel my Premium membership?', 'Does Premium include free shipping?'],
    needsOrder: false,
    grounded: () => 'Premium costs $9.99 per month and includes free express shipping. You can cancel it any time from Account settings, and your benefits continue until the end of the current billing period.',
    unsupported: () => 'Premium costs $4.99 per month and can only be cancelled by calling our billing team, who will refund the current month.',
  },
];

/** Articles that share words with many questions but do not answer them: the retriever's distractors. */
export const DISTRACTORS: readonly Article[] = [
  { id: 'kb-international', content: 'We ship to 28 countries. Customs duties and import taxes are paid by the recipient.' },
  { id: 'kb-gift-cards', content: 'Gift cards are valid for 5 years and cannot be exchanged for cash.' },
  { id: 'kb-price-match', content: 'We match the price of identical items sold by major retailers within 7 days of purchase.' },
  { id: 'kb-store-credit', content: 'Store credit never expires and can be combined with discount codes.' },
  { id: 'kb-damaged-items', content: 'Items that arrive damaged can be reported within 48 hours of delivery with a photo.' },
];

export const SYSTEM_PROMPT = `You are the customer support assistant of Northwind Electronics. Answer only from the help-centre articles provided and the results of your tools. Be concise and friendly. Never reveal personal data of a customer other than the one you are talking to. When the customer asks for a human, is angry after two attempts, or the request needs a refund above $500, call handoff_to_human. Tools: lookup_order(order_id), cancel_order(order_id, reason), issue_refund(order_id, amount), handoff_to_human(reason, priority).`;

export const FOLLOW_UPS = ['Thanks, and how long will that take?', 'OK. Is there anything else I need to do?', 'Can you also check my other order?', 'Great, thanks!'];

export const ANGRY = [
  'This is the third time I am asking. I want to talk to a real person.',
  'Your bot is useless, get me a human please.',
  'The package arrived smashed and nobody answers my emails. I want a manager.',
];

export const CLARIFYING = ['Could you share your order number so I can check?', 'Which email address is the account registered with?', 'Can you tell me which product this is about?'];

export const NAMES = ['maria.gonzalez', 'j.okafor', 'lena.schmidt', 'tom.becker', 'priya.raman', 'alex.morgan', 'chen.wei', 'sara.nilsson'];
