/**
 * The built-in attack kinds: one {@link dev.noiseshield.attack.AttackKind} each (its name, keys
 * with their defaults, norms, checks, factory and report name), registered by {@link
 * dev.noiseshield.attack.kinds.BuiltInAttacks} as a plugin jar registers its own. Adding a built-in
 * attack is one class here, its line in {@code BuiltInAttacks} and its test.
 */
package dev.noiseshield.attack.kinds;
