package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Loopback ports for the servers the benchmark starts.
 */
final class FreePort {

	private FreePort() {
	}

	static int find() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until a process listens on a loopback port.
	 * @param port the port
	 * @param process the process that should listen on it, which must stay alive
	 */
	static void awaitListening(int port, Process process) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("Exited with " + process.exitValue() + " before listening on " + port);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

}
