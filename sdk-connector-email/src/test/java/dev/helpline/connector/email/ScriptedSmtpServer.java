package dev.helpline.connector.email;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted SMTP server on a loopback port, for wire behaviour a real server will not produce on demand: it
 * records every line the client sends and answers each command as told (default: success). After the message
 * data it replies, drops the connection or stalls, as configured. Serves connections one after another.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  enum AfterData { REPLY, DROP, STALL }

  private final ServerSocket server;
  private final Thread thread;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Map<String, String> replies = new HashMap<>();
  private final List<String> extensions = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile AfterData afterData = AfterData.REPLY;
  private volatile String dataReply = "250 2.0.0 OK queued";
  private volatile String greeting = "220 scripted.test ESMTP";

  ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "scripted-smtp");
    thread.setDaemon(true);
  }

  ScriptedSmtpServer extension(String ehloLine) {
    extensions.add(ehloLine);
    return this;
  }

  /** Greets each connection with {@code reply} instead of a 220. */
  ScriptedSmtpServer greeting(String reply) {
    greeting = reply;
    return this;
  }

  /** Answers the command starting with {@code verb} (EHLO, HELO, MAIL, RCPT, AUTH, …) with {@code reply}. */
  ScriptedSmtpServer reply(String verb, String reply) {
    replies.put(verb, reply);
    return this;
  }

  ScriptedSmtpServer afterData(AfterData what, String reply) {
    afterData = what;
    dataReply = reply;
    return this;
  }

  ScriptedSmtpServer start() {
    thread.start();
    return this;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Every line the client sent, commands and message data alike. */
  List<String> lines() {
    return lines;
  }

  /** The commands the client sent (lines outside message data), upper-cased verbs kept as sent. */
  List<String> commands() {
    List<String> out = new ArrayList<>();
    boolean inData = false;
    for (String l : lines) {
      if (inData) {
        if (l.equals(".")) inData = false;
        continue;
      }
      out.add(l);
      if (l.equalsIgnoreCase("DATA")) inData = true;
    }
    return out;
  }

  /** The message data of each DATA that ended with its "." line, as received (dot-stuffing undone). */
  List<String> messages() {
    return messages;
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    server.close();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        converse(s);
      } catch (IOException e) {
        // the client went away or the server closed: take the next connection
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void converse(Socket s) throws IOException, InterruptedException {
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = s.getOutputStream();
    send(out, greeting);
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
      String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
      if (verb.equals("EHLO") && !replies.containsKey("EHLO")) {
        StringBuilder b = new StringBuilder();
        List<String> all = new ArrayList<>(extensions);
        all.add(0, "scripted.test");
        for (int i = 0; i < all.size(); i++) b.append(i == all.size() - 1 ? "250 " : "250-").append(all.get(i)).append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      } else if (verb.equals("DATA")) {
        String r = replies.getOrDefault("DATA", "354 go ahead");
        send(out, r);
        if (!r.startsWith("354")) continue;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String d;
        while ((d = in.readLine()) != null && !d.equals(".")) {
          lines.add(d);
          data.write((d.startsWith("..") ? d.substring(1) : d).getBytes(StandardCharsets.UTF_8));
          data.write('\r');
          data.write('\n');
        }
        if (d == null) return; // the client went away inside the data: no message, as a real server drops it
        lines.add(".");
        messages.add(data.toString(StandardCharsets.UTF_8));
        if (afterData == AfterData.DROP) return;
        if (afterData == AfterData.STALL) {
          release.await();
          return;
        }
        send(out, dataReply);
      } else if (verb.equals("QUIT")) {
        send(out, "221 bye");
        return;
      } else {
        send(out, replies.getOrDefault(verb, verb.equals("AUTH") ? "235 2.7.0 accepted" : "250 OK"));
      }
    }
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
