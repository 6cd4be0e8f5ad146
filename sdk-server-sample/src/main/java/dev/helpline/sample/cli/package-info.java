/** The {@code helpline} command line: argument parsing, desk resolution and the commands. */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.cli;
