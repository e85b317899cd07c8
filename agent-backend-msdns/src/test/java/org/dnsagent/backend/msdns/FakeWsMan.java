// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A WS-Management endpoint speaking the SOAP messages WinRM4j sends (transfer Create of a shell,
 * shell Command, Receive, Signal, transfer Delete), with Basic authentication over plain http on
 * 127.0.0.1: for tests only. Commands must be {@code powershell ... -EncodedCommand}; their script
 * runs on a {@link FakeWindowsDns}.
 */
public final class FakeWsMan implements AutoCloseable {
  static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
  static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";

  private final FakeWindowsDns dns;
  private final String authorization;
  private final Map<String, FakeWindowsDns.Result> commands = new ConcurrentHashMap<>();
  private final Map<String, Boolean> openShells = new ConcurrentHashMap<>();
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private final AtomicInteger maxOpenShells = new AtomicInteger();
  private volatile Duration receiveDelay = Duration.ZERO;
  private HttpServer server;
  private int port;

  public FakeWsMan(FakeWindowsDns dns, String user, String password) {
    this.dns = dns;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/wsman", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  /** Stops answering (connections refused) until {@link #start()}; the zone table stays. */
  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
      server = null;
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port + "/wsman";
  }

  /** Answers Receive only after this long (a hung server). */
  void receiveDelay(Duration delay) {
    this.receiveDelay = delay;
  }

  List<String> actions() {
    return List.copyOf(actions);
  }

  int openShells() {
    return openShells.size();
  }

  int maxOpenShells() {
    return maxOpenShells.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!authorization.equals(auth)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Document request = parse(body);
      String action = text(request, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "Action");
      String messageId =
          text(request, "http://schemas.xmlsoap.org/ws/2004/08/addressing", "MessageID");
      actions.add(action.substring(action.lastIndexOf('/') + 1));
      String responseBody;
      String responseAction;
      if (action.equals(TRANSFER + "/Create")) {
        String shellId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        openShells.put(shellId, true);
        maxOpenShells.accumulateAndGet(openShells.size(), Math::max);
        responseAction = TRANSFER + "/CreateResponse";
        responseBody =
            "<x:ResourceCreated><a:Address>"
                + endpoint()
                + "</a:Address><a:ReferenceParameters><w:ResourceURI>"
                + SHELL
                + "/cmd</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">"
                + shellId
                + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>"
                + "<rsp:Shell><rsp:ShellId>"
                + shellId
                + "</rsp:ShellId><rsp:InputStreams>stdin</rsp:InputStreams>"
                + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>";
      } else if (action.equals(SHELL + "/Command")) {
        String commandLine = text(request, SHELL, "Command");
        String commandId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        commands.put(commandId, runCommand(commandLine));
        responseAction = SHELL + "/CommandResponse";
        responseBody =
            "<rsp:CommandResponse><rsp:CommandId>"
                + commandId
                + "</rsp:CommandId></rsp:CommandResponse>";
      } else if (action.equals(SHELL + "/Receive")) {
        Element stream = first(request, SHELL, "DesiredStream");
        String commandId = stream.getAttributeNS(SHELL, "CommandId");
        if (commandId.isEmpty()) {
          commandId = stream.getAttribute("CommandId");
        }
        Duration delay = receiveDelay;
        if (!delay.isZero()) {
          sleep(delay);
        }
        FakeWindowsDns.Result result = commands.remove(commandId);
        if (result == null) {
          fault(exchange, messageId, "w:InvalidSelectors", "unknown command " + commandId);
          return;
        }
        responseAction = SHELL + "/ReceiveResponse";
        responseBody =
            "<rsp:ReceiveResponse>"
                + streamOf("stdout", commandId, result.stdout())
                + streamOf("stderr", commandId, result.stderr())
                + "<rsp:CommandState CommandId=\""
                + commandId
                + "\" State=\""
                + SHELL
                + "/CommandState/Done\"><rsp:ExitCode>"
                + result.exitCode()
                + "</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>";
      } else if (action.equals(SHELL + "/Signal")) {
        responseAction = SHELL + "/SignalResponse";
        responseBody = "<rsp:SignalResponse/>";
      } else if (action.equals(TRANSFER + "/Delete")) {
        String shellId = selector(request);
        openShells.remove(shellId);
        responseAction = TRANSFER + "/DeleteResponse";
        responseBody = "";
      } else {
        fault(exchange, messageId, "a:ActionNotSupported", "action " + action);
        return;
      }
      send(exchange, 200, envelope(responseAction, messageId, responseBody));
    } catch (Exception e) {
      byte[] text = ("fake WS-Man failed: " + e).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, text.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(text);
      }
    }
  }

  private FakeWindowsDns.Result runCommand(String commandLine) {
    String prefix = WinRmScriptRunner.COMMAND_PREFIX;
    if (!commandLine.startsWith(prefix)) {
      return FakeWindowsDns.error(
          "'" + commandLine + "' is not recognized (not an encoded PowerShell command)");
    }
    byte[] utf16 = Base64.getDecoder().decode(commandLine.substring(prefix.length()).strip());
    return dns.run(new String(utf16, StandardCharsets.UTF_16LE));
  }

  private static String streamOf(String name, String commandId, String content) {
    String attributes = " Name=\"" + name + "\" CommandId=\"" + commandId + "\"";
    String data =
        content.isEmpty()
            ? ""
            : "<rsp:Stream"
                + attributes
                + ">"
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "</rsp:Stream>";
    return data + "<rsp:Stream" + attributes + " End=\"true\"/>";
  }

  private static String envelope(String action, String relatesTo, String body) {
    return "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
        + " xmlns:x=\""
        + TRANSFER
        + "\""
        + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
        + " xmlns:rsp=\""
        + SHELL
        + "\">"
        + "<s:Header><a:Action>"
        + action
        + "</a:Action>"
        + "<a:MessageID>uuid:"
        + UUID.randomUUID()
        + "</a:MessageID>"
        + "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
        + "<a:RelatesTo>"
        + relatesTo
        + "</a:RelatesTo></s:Header>"
        + "<s:Body>"
        + body
        + "</s:Body></s:Envelope>";
  }

  private void fault(HttpExchange exchange, String relatesTo, String code, String reason)
      throws IOException {
    String body =
        "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>"
            + code
            + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">"
            + reason
            + "</s:Text></s:Reason></s:Fault>";
    send(
        exchange,
        500,
        envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relatesTo, body));
  }

  private static void send(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Document parse(byte[] body) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
  }

  private static Element first(Document doc, String ns, String local) {
    NodeList list = doc.getElementsByTagNameNS(ns, local);
    if (list.getLength() == 0) {
      throw new IllegalArgumentException("no " + local + " in the request");
    }
    return (Element) list.item(0);
  }

  private static String text(Document doc, String ns, String local) {
    return first(doc, ns, local).getTextContent().strip();
  }

  private static String selector(Document doc) {
    NodeList list =
        doc.getElementsByTagNameNS("http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd", "Selector");
    for (int i = 0; i < list.getLength(); i++) {
      Element e = (Element) list.item(i);
      if ("ShellId".equals(e.getAttribute("Name"))) {
        return e.getTextContent().strip();
      }
    }
    return "";
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
