package org.solidarityalerts.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a loopback port in front of a server (MongoDB, SMTP), which a test can
 * cut (every open connection dropped, without a reply) or take down and bring back on the
 * same port (connections refused meanwhile), or that withholds some of the server's reply
 * lines (an SMTP server that does not announce an extension).
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private volatile ServerSocket listener;

	private volatile @Nullable Predicate<String> withheld;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 */
	public TcpProxy(String targetHost, int targetPort) {
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
	}

	/**
	 * The port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Withholds the server's reply lines that match, for example
	 * {@code "250-SMTPUTF8"::equals} for an SMTP server that does not announce SMTPUTF8.
	 * Applies to connections made from now on; the server's other lines pass unchanged.
	 * @param lines which lines (without their line break) to withhold
	 */
	public void withhold(Predicate<String> lines) {
		this.withheld = lines;
	}

	/**
	 * Drops every open connection, in both directions, with no reply; new connections are
	 * still accepted.
	 */
	public void cut() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/**
	 * Drops every open connection and refuses new ones until {@link #up()}.
	 */
	public void down() {
		ServerSocket current = this.listener;
		this.listener = null;
		if (current != null) {
			closeQuietly(current);
		}
		cut();
	}

	/**
	 * Accepts connections again, on the same port.
	 */
	public void up() {
		if (this.listener == null) {
			this.listener = listen(this.port);
		}
	}

	@Override
	public void close() {
		down();
	}

	private ServerSocket listen(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> accept(socket));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket server = new Socket();
				try {
					server.connect(this.target, 5000);
				}
				catch (IOException ex) {
					closeQuietly(client);
					continue;
				}
				this.sockets.add(client);
				this.sockets.add(server);
				Predicate<String> withheld = this.withheld;
				Thread.ofVirtual().start(() -> pump(client, server));
				if (withheld != null) {
					Thread.ofVirtual().start(() -> pumpLines(server, client, withheld));
				}
				else {
					Thread.ofVirtual().start(() -> pump(server, client));
				}
			}
			catch (IOException ex) {
				// The listener was closed: the proxy is down.
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side closed or was cut.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	/**
	 * Copies the server's lines to the client, leaving out those withheld.
	 */
	private void pumpLines(Socket from, Socket to, Predicate<String> withheld) {
		try (InputStream in = new BufferedInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
			ByteArrayOutputStream line = new ByteArrayOutputStream(256);
			int next;
			while ((next = in.read()) >= 0) {
				line.write(next);
				if (next == '\n' || in.available() == 0) {
					String text = line.toString(StandardCharsets.ISO_8859_1);
					if (!(text.endsWith("\n") && withheld.test(text.stripTrailing()))) {
						line.writeTo(out);
						out.flush();
					}
					line.reset();
				}
			}
		}
		catch (IOException ex) {
			// One side closed or was cut.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

}
