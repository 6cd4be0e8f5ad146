package dev.helpline.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void readsEveryShapeExactlyAsOffsetDateTimeDoes() {
    Random random = new Random(42);
    List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-6),
        ZoneOffset.ofHours(14), ZoneOffset.ofHoursMinutes(-9, -30));
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong() % (400L * 365 * 86_400) + 1_700_000_000L;
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      for (String text : new String[] {instant.toString(), instant.atOffset(offsets.get(i % offsets.size())).toString()}) {
        assertEquals(OffsetDateTime.parse(text).toInstant(), Timestamps.parse(text), text);
      }
    }
  }

  @Test
  void readsTheShapesItDoesNotReadDirectlyThroughOffsetDateTime() {
    for (String text : new String[] {"2026-12-04T10:15Z", "2026-12-04T10:15:30+01:00:30", "2026-12-04T10:15:30.Z",
        "2026-12-04T10:15:30-00:00", "2024-02-29T23:59:59.5+14:00", "2026-12-04T10:15:30+18:00", "2026-12-04T10:15:30-18:00"}) {
      assertEquals(OffsetDateTime.parse(text).toInstant(), Timestamps.parse(text), text);
    }
  }

  @Test
  void refusesWhatIsNotATimestampWithAnOffset() {
    for (String text : new String[] {"", "2026-12-04", "2026-12-04T10:15:30", "2026-02-30T10:15:30Z",
        "2026-12-04T24:00:00Z", "2026-13-04T10:15:30Z", "2026-12-04T10:15:30.1234567890Z", "2026-12-04T10:15:30+1:00",
        "2026-12-04T10:15:30Zjunk", "２０２６-12-04T10:15:30Z", "2026-12-04 10:15:30Z", "2026-12-04T10:15:30+18:30",
        "2026-12-04T10:15:30-19:00"}) {
      assertThrows(DateTimeParseException.class, () -> Timestamps.parse(text), text);
    }
  }
}
