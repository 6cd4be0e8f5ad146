package dev.helpline.connector.supportapi;

import dev.helpline.Message;
import dev.helpline.connector.supportapi.internal.SupportApiJson.MessagePage;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.FittedPages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Support API's paged lists so that every answer fits the connector's {@code maxResponseBytes}: a page
 * larger than the cap is asked for again with half as many items, down to one, so only a single ticket or message
 * larger than the cap fails. A conversation is read page by page, at most {@link #CONVERSATION_CAPS} caps of JSON
 * in all, so a desk that keeps paging cannot make the app read without end either.
 */
final class SupportApiPages {
  private static final Logger log = LoggerFactory.getLogger(SupportApiConnector.class);

  /** The page size asked for first, the API's default page; the desk's own default when the list is asked with none. */
  static final int FIRST_PAGE = 20;
  /** A conversation holds at most this many times {@code maxResponseBytes} of JSON. */
  static final int CONVERSATION_CAPS = 32;

  private SupportApiPages() {}

  /** One page asked for with {@code limit} items (null: the desk's default). */
  interface PageCall<T> {
    T read(@Nullable Integer limit) throws IOException;
  }

  /** The GET of the messages after {@code cursor} (null: from the first), {@code limit} of them; its 2xx body. */
  interface MessagesCall {
    ResponseBody get(@Nullable String cursor, int limit) throws IOException;
  }

  /** Reads a 2xx body of messages. */
  interface MessagesRead {
    MessagePage read(ResponseBody body) throws IOException;
  }

  /**
   * {@code call} with {@code first} items, then, while its answer is larger than the cap, with half as many down to
   * one. Every attempt reads at most the cap; the answer of one item larger than the cap fails as before.
   */
  static <T> T fitting(@Nullable Integer first, PageCall<T> call) throws IOException {
    if (first != null) return FittedPages.fit(first, IntUnaryOperator.identity(), call::read);
    try {
      return call.read(null);
    } catch (BodyLimits.TooLargeException e) {
      log.debug("a page of the desk's default size exceeds the response cap; asking for {}", FIRST_PAGE / 2);
      return FittedPages.fit(FIRST_PAGE / 2, IntUnaryOperator.identity(), call::read);
    }
  }

  /**
   * The conversation: {@code opening}, then the messages after it, following {@code nextCursor} page by page (a desk
   * that ignores the paging answers all messages at once, without one). Unmodifiable.
   *
   * @throws IOException when the conversation exceeds {@link #CONVERSATION_CAPS} times {@code maxResponseBytes},
   *     or a page that goes on has no messages or names the cursor it was asked with
   */
  static List<Message> conversation(Message opening, long maxResponseBytes, MessagesCall call, MessagesRead reader)
      throws IOException {
    List<Message> conversation = new ArrayList<>();
    conversation.add(opening);
    long budget = maxResponseBytes > Long.MAX_VALUE / CONVERSATION_CAPS ? Long.MAX_VALUE
        : maxResponseBytes * CONVERSATION_CAPS;
    long[] total = {0};
    int[] pageSize = {FIRST_PAGE}; // the next page starts with the size that fitted last
    @Nullable String cursor = null;
    do {
      @Nullable String from = cursor;
      MessagePage page = fitting(pageSize[0], limit -> {
        long[] bytes = {0};
        MessagePage read = reader.read(counted(call.get(from, Objects.requireNonNull(limit)), bytes));
        total[0] += bytes[0];
        pageSize[0] = limit;
        return read;
      });
      if (total[0] > budget) {
        throw new IOException("conversation exceeds " + budget + " bytes (" + CONVERSATION_CAPS
            + " times maxResponseBytes)");
      }
      conversation.addAll(page.messages);
      cursor = page.nextCursor;
      if (cursor != null && (page.messages.isEmpty() || cursor.equals(from))) {
        throw new IOException("malformed response from desk: a page of " + page.messages.size()
            + " messages names " + (cursor.equals(from) ? "the cursor it was asked with" : "a next page"));
      }
    } while (cursor != null);
    return Collections.unmodifiableList(conversation);
  }

  /** {@code body}, adding the bytes read from it to {@code bytes[0]}. */
  private static ResponseBody counted(ResponseBody body, long[] bytes) {
    ForwardingSource source = new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long read = super.read(sink, byteCount);
        if (read > 0) bytes[0] += read;
        return read;
      }
    };
    return ResponseBody.create(Okio.buffer(source), body.contentType(), body.contentLength());
  }
}
