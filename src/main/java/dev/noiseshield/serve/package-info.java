/**
 * The public API for a Java service that serves an exported model without the command line: {@link
 * dev.noiseshield.serve.NoiseShieldModel}.
 */
package dev.noiseshield.serve;
