import { Fields, fieldsOf, listOf, pathOf, textOf } from './decoded-fields';
import { semanticError } from './semantic-issue';
import { checkVersion } from './server-rules';
import { checkPackageTransport, packageVariablesOf } from './transport-rules';
import { ValidationIssue } from './validation-issue';

/** The per-package rules of the official publish validator (validatePackageField). */

/** Characters that show a named argument's `name` carries a value or a description too. */
const NAMED_ARGUMENT_NAME_FORBIDDEN = /[<> $]/;

function checkNamedArgument(path: string, argument: Fields): ValidationIssue[] {
  const name = textOf(argument, 'name');
  const issues: ValidationIssue[] = [];
  if (name === '') {
    issues.push(
      semanticError(pathOf(path, 'name'), 'named argument name is required', 'named-argument-name-required'),
    );
  } else if (NAMED_ARGUMENT_NAME_FORBIDDEN.test(name)) {
    issues.push(
      semanticError(
        pathOf(path, 'name'),
        `invalid named argument name format: ${name}`,
        'invalid-named-argument-name',
      ),
    );
  }
  // Officially the prefix check also runs with an empty name, which every non-empty value "starts with".
  const value = textOf(argument, 'value');
  if (value !== '' && value.startsWith(name)) {
    issues.push(
      semanticError(
        pathOf(path, 'value'),
        `argument value cannot start with the argument name: value starts with argument name '${name}': ${value}`,
        'argument-value-starts-with-name',
      ),
    );
  }
  const defaultValue = textOf(argument, 'default');
  if (defaultValue !== '' && defaultValue.startsWith(name)) {
    issues.push(
      semanticError(
        pathOf(path, 'default'),
        `argument default cannot start with the argument name: default starts with argument name '${name}': ${defaultValue}`,
        'argument-default-starts-with-name',
      ),
    );
  }
  return issues;
}

export function checkArgument(path: string, argument: Fields): ValidationIssue[] {
  const type = textOf(argument, 'type');
  if (type === 'named') return checkNamedArgument(path, argument);
  if (type === 'positional') {
    if (textOf(argument, 'value') !== '' || textOf(argument, 'valueHint') !== '') return [];
    return [
      semanticError(
        path,
        'positional argument must provide a value or a valueHint',
        'positional-argument-value-or-hint-required',
      ),
    ];
  }
  return [
    semanticError(
      pathOf(path, 'type'),
      "argument type must be 'positional' or 'named'",
      'invalid-argument-type',
    ),
  ];
}

export function checkPackage(path: string, pkg: Fields): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (textOf(pkg, 'identifier').includes(' ')) {
    issues.push(
      semanticError(
        pathOf(path, 'identifier'),
        'package name cannot contain spaces',
        'package-name-has-spaces',
      ),
    );
  }
  issues.push(...checkVersion(pathOf(path, 'version'), textOf(pkg, 'version')));
  for (const key of ['runtimeArguments', 'packageArguments']) {
    listOf(pkg, key).forEach((argument, i) =>
      issues.push(...checkArgument(pathOf(pathOf(path, key), i), argument)),
    );
  }
  issues.push(
    ...checkPackageTransport(
      pathOf(path, 'transport'),
      fieldsOf(pkg, 'transport') ?? {},
      packageVariablesOf(pkg),
    ),
  );
  return issues;
}

export function checkPackages(packages: Fields[]): ValidationIssue[] {
  return packages.flatMap((pkg, i) => checkPackage(pathOf('packages', i), pkg));
}
