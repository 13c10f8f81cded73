/**
 * The papers' experiments as recipes: a JSON file per experiment ({@code recipes/*.json} in the
 * repository, bundled in the jar) holding the {@code train} and {@code evaluate} options it runs
 * with, the numbers the paper reported, and a smoke scale; {@link
 * dev.noiseshield.recipe.Reproduction} runs one and sets our numbers beside the paper's.
 */
package dev.noiseshield.recipe;
