import type { AttributeValue, Attributes } from './model.ts';

/**
 * Sets one decoded attribute. Keys come from the wire, so `__proto__` must become an own property
 * instead of replacing the object's prototype. A repeated key keeps its last value, as a map would.
 */
export function setAttribute(attributes: Attributes, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    attributes[key] = value;
  }
}
