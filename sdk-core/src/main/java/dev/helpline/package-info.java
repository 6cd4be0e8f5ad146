/** The Helpline client and the values a host application touches: build a {@link dev.helpline.Helpline}, describe a report with a {@link dev.helpline.TicketDraft}, and listen to what happens to it. */
@NullMarked
package dev.helpline;

import org.jspecify.annotations.NullMarked;
