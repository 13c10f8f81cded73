/**
 * The {@code noiseshield} command line (picocli). Commands parse options, build the library's
 * settings records and call the library; they hold no logic of their own.
 */
package dev.noiseshield.cli;
