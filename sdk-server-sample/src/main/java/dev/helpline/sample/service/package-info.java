/** Service-side patterns: an error reporter that files one ticket per fingerprint, maintenance-aware jobs. */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.service;
