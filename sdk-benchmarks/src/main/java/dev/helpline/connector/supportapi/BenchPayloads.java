package dev.helpline.connector.supportapi;

import dev.helpline.connector.NewTicket;

/**
 * Gives the benchmarks' raw-OkHttp baseline the exact ticket part the connector sends, so that the
 * baseline posts the same bytes. Lives in the connector's package (benchmarks module only) to reach
 * the package-private encoder without widening sdk-core's API.
 */
public final class BenchPayloads {
  private BenchPayloads() {}

  public static byte[] ticketPart(NewTicket ticket) {
    return SupportApiJson.ticketPart(ticket).toByteArray();
  }
}
