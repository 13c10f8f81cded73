/**
 * Provenance and run folders: {@code run.json} beside every result (config, seed, versions, git
 * commit, wall time), the JSON mapper every file uses, atomic file writes, and resident memory.
 */
package dev.noiseshield.run;
