package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import org.junit.jupiter.api.Test;

class FileCommandTest {
  @Test
  void onlyARefusalByTheDeskRemovesTheTicket() {
    assertTrue(FileCommand.refusedByDesk(new DeskException(422, "invalid_request", "subject too long", "subject", null)));
    assertTrue(FileCommand.refusedByDesk(new DeskException(401, "unauthorized")));
    // A sign-in page or proxy answering 200 with HTML, five times: the outbox keeps it as failed.
    assertFalse(FileCommand.refusedByDesk(new DeskException(200, "unusable_answer",
        "the desk's answer is not a ticket (5 attempts)", null, null)));
  }
}
