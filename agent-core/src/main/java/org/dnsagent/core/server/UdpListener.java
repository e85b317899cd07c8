// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * Receives requests over UDP on one address. The receiving thread only copies datagrams and hands
 * them to the request executor, so a slow request never stops the listener.
 */
public final class UdpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UdpListener.class);

  private final DatagramSocket socket;
  private final RequestHandler handler;
  private final Executor executor;
  private final AgentMetrics metrics;
  private final Thread thread;
  private volatile boolean closing;

  public UdpListener(
      InetSocketAddress address, RequestHandler handler, Executor executor, AgentMetrics metrics)
      throws IOException {
    this.handler = handler;
    this.executor = executor;
    this.metrics = metrics;
    this.socket = new DatagramSocket(null);
    socket.setReuseAddress(true);
    try {
      socket.setReceiveBufferSize(1 << 20);
    } catch (SocketException e) {
      // The OS default is only smaller; bursts may then be dropped by the kernel.
    }
    socket.bind(address);
    this.thread = new Thread(this::receiveLoop, "udp-" + socket.getLocalPort());
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void receiveLoop() {
    byte[] buffer = new byte[65535];
    InetSocketAddress local = localAddress();
    while (!closing) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!closing) {
          log.warn("UDP receive on {} failed: {}", local, e.getMessage());
        }
        continue;
      }
      byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress peer = (InetSocketAddress) packet.getSocketAddress();
      try {
        executor.execute(() -> handle(wire, peer, local));
      } catch (RejectedExecutionException e) {
        metrics.overload();
      }
    }
  }

  private void handle(byte[] wire, InetSocketAddress peer, InetSocketAddress local) {
    try {
      handler
          .handle(wire, peer, local)
          .whenComplete(
              (reply, error) -> {
                if (error != null) {
                  log.error("request from {} failed", peer, error);
                } else {
                  reply.ifPresent(m -> send(m, peer));
                }
              });
    } catch (RuntimeException e) {
      log.error("request from {} failed", peer, e);
    }
  }

  private void send(Message reply, InetSocketAddress peer) {
    int max = reply.getOPT() != null ? reply.getOPT().getPayloadSize() : 512;
    byte[] out = reply.toWire(max);
    try {
      socket.send(new DatagramPacket(out, out.length, peer));
    } catch (IOException e) {
      log.debug("cannot send UDP reply to {}: {}", peer, e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    socket.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
