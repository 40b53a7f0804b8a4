package org.solidarityalerts.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a server (MongoDB, SMTP), which a test can
 * cut (every open connection dropped, without a reply) or take down and bring back on the
 * same port (connections refused meanwhile).
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private volatile ServerSocket listener;

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
				Thread.ofVirtual().start(() -> pump(client, server));
				Thread.ofVirtual().start(() -> pump(server, client));
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

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

}
