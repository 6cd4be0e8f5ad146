/** Diagnostics collected with a report: the snapshot, the provider SPI, screenshots, recent logs, and the redactor that removes personal data before anything is stored or sent. */
@NullMarked
package dev.helpline.diagnostics;

import org.jspecify.annotations.NullMarked;
