import { parseGoUrl } from './go-url';
import { ValidationIssue } from './validation-issue';

/**
 * The request-body check the official registry gets from huma: before the publish handler runs,
 * the JSON body is validated against a schema huma derives from the Go structs' tags. A failure is
 * an HTTP 422 whose `detail` is "validation failed" and whose `errors[]` carry these messages with
 * `location` "body.<path>". The messages below are huma's (validation/messages.go).
 */

interface StringShape {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  /** The Go pattern source (as printed in the message) and its JavaScript equivalent. */
  pattern?: { source: string; re: RegExp };
  uri?: boolean;
  enum?: readonly string[];
}

interface ObjectShape {
  kind: 'object';
  properties: Record<string, { shape: Shape; required?: boolean }>;
  /** Structs refuse unknown keys; Go maps accept any key with values of one shape. */
  additional: false | Shape;
}

export type Shape =
  StringShape | ObjectShape | { kind: 'boolean' } | { kind: 'array'; items: Shape } | { kind: 'any' };

/** Reference prefix of every request-shape issue; see publishStageOf. */
export const REQUEST_SHAPE_REFERENCE = 'request-body';

/** Counts characters as Go's utf8.RuneCountInString does. */
function runeCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Whether `text` has fewer than `min` characters. A character is one or two UTF-16 units, so the
 * length alone decides unless it lies between `min` and twice `min`.
 */
function shorterThan(text: string, min: number): boolean {
  if (text.length < min) return true;
  if (text.length >= 2 * min) return false;
  return runeCount(text) < min;
}

/** Whether `text` has more than `max` characters (see shorterThan). */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  return runeCount(text) > max;
}

/** What walking an object shape needs of it, worked out once per shape. */
interface ObjectPlan {
  /** Declared properties in the order huma visits them (sorted). */
  sorted: Array<[string, { shape: Shape; required?: boolean }]>;
  /** Declared property names, lower-cased (Go matches JSON keys case-insensitively). */
  lowerNames: Set<string>;
}

const plans = new WeakMap<ObjectShape, ObjectPlan>();

function planOf(shape: ObjectShape): ObjectPlan {
  let plan = plans.get(shape);
  if (plan === undefined) {
    plan = {
      sorted: Object.keys(shape.properties)
        .sort()
        .map((name) => [name, shape.properties[name]!]),
      lowerNames: new Set(Object.keys(shape.properties).map((k) => k.toLowerCase())),
    };
    plans.set(shape, plan);
  }
  return plan;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class ShapeWalker {
  readonly issues: ValidationIssue[] = [];

  private add(path: string, message: string, keyword: string): void {
    this.issues.push({
      type: 'schema',
      path,
      message,
      severity: 'error',
      reference: `${REQUEST_SHAPE_REFERENCE}:${keyword}`,
    });
  }

  walk(shape: Shape, value: unknown, path: string): void {
    switch (shape.kind) {
      case 'any':
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.add(path, 'expected boolean', 'type');
        return;
      case 'string':
        return this.walkString(shape, value, path);
      case 'array':
        // huma treats arrays as nullable, since Go marshals a nil slice as null.
        if (value === null) return;
        if (!Array.isArray(value)) return this.add(path, 'expected array', 'type');
        value.forEach((item, i) => this.walk(shape.items, item, `${path}[${i}]`));
        return;
      case 'object':
        return this.walkObject(shape, value, path);
    }
  }

  private walkString(shape: StringShape, value: unknown, path: string): void {
    if (typeof value !== 'string') return this.add(path, 'expected string', 'type');
    if (shape.minLength !== undefined && shorterThan(value, shape.minLength)) {
      this.add(path, `expected length >= ${shape.minLength}`, 'minLength');
    }
    if (shape.maxLength !== undefined && longerThan(value, shape.maxLength)) {
      this.add(path, `expected length <= ${shape.maxLength}`, 'maxLength');
    }
    if (shape.pattern !== undefined && !shape.pattern.re.test(value)) {
      this.add(path, `expected string to match pattern ${shape.pattern.source}`, 'pattern');
    }
    if (shape.uri) {
      const parsed = parseGoUrl(value);
      if (!parsed.ok) this.add(path, `expected string to be RFC 3986 uri: ${parsed.error}`, 'format');
    }
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      this.add(path, `expected value to be one of "${shape.enum.join(', ')}"`, 'enum');
    }
  }

  private walkObject(shape: ObjectShape, value: unknown, path: string): void {
    if (!isObject(value)) return this.add(path, 'expected object', 'type');
    const plan = planOf(shape);
    // huma visits declared properties in sorted order, then the undeclared ones.
    for (const [name, { shape: propertyShape, required = false }] of plan.sorted) {
      if (!Object.hasOwn(value, name)) {
        if (required) this.add(path, `expected required property ${name} to be present`, 'required');
        continue;
      }
      const child = value[name];
      // A null optional field is skipped, as Go leaves the field at its zero value.
      if (child === null && !required) continue;
      this.walk(propertyShape, child, `${path === '' ? '' : `${path}.`}${name}`);
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key) || Object.hasOwn(shape.properties, key)) continue;
      const child = value[key];
      const childPath = `${path === '' ? '' : `${path}.`}${key}`;
      if (shape.additional === false) {
        // Go's JSON decoding matches field names case-insensitively, and huma lets such keys pass.
        if (!plan.lowerNames.has(key.toLowerCase()))
          this.add(childPath, 'unexpected property', 'additionalProperties');
      } else {
        this.walk(shape.additional, child, childPath);
      }
    }
  }
}

/** Validates `value` against a request shape; paths are relative to the body ("" is the body). */
export function checkRequestShape(shape: Shape, value: unknown): ValidationIssue[] {
  const walker = new ShapeWalker();
  walker.walk(shape, value, '');
  return walker.issues;
}

/** huma's `location` for an issue path. */
export function humaLocation(path: string): string {
  return path === '' ? 'body' : `body.${path}`;
}
