package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.angus.mail.util.SocketFetcher;
import org.eclipse.angus.mail.util.WriteTimeoutSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.TopicReplication;

import org.springframework.boot.mail.autoconfigure.MailProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * The write timeout of the sender's connections, enforced by one shared thread: over real
 * loopback sockets made by Angus Mail from the sender's own mail session, a write the
 * server never takes still fails soon after the timeout, cancelled timeouts do not pile
 * up, and the thread ends when the sender is closed.
 */
class WriteTimeoutsTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<SmtpSender> senders = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		this.senders.forEach(SmtpSender::destroy);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aWriteTheServerNeverTakesFailsSoonAfterTheTimeoutAndTheConnectionIsClosed() throws Exception {
		Duration timeout = Duration.ofMillis(500);
		SmtpSender sender = sender(timeout);
		ServerSocket server = new ServerSocket();
		this.resources.add(server);
		server.setReceiveBufferSize(4096);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Socket socket = connect(sender, server);
		// Accepted and never read: once the buffers are full, a write blocks.
		this.resources.add(server.accept());
		assertThat(socket).isInstanceOf(WriteTimeoutSocket.class);
		OutputStream out = socket.getOutputStream();
		byte[] chunk = new byte[64 * 1024];

		long start = System.nanoTime();
		// "Write timed out", or "Socket closed" when the writer wakes before the timeout
		// task has returned (a race within Angus, whichever scheduler it is given).
		assertThatIOException().isThrownBy(() -> {
			for (int i = 0; i < 1024; i++) {
				out.write(chunk);
			}
		});
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(took).as("64 MB written, or failed").isBetween(timeout, timeout.plusSeconds(3));
		assertThat(socket.isClosed()).isTrue();
	}

	@Test
	void manyWritesLeaveNothingButTheHeartbeatQueued() throws Exception {
		SmtpSender sender = sender(Duration.ofSeconds(30));
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.resources.add(server);
		Socket socket = connect(sender, server);
		Socket peer = server.accept();
		this.resources.add(peer);
		Thread.ofVirtual().start(() -> {
			try {
				peer.getInputStream().transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				// Closed at the end of the test.
			}
		});
		OutputStream out = socket.getOutputStream();
		byte[] line = "RCPT TO:<reader@example.org>\r\n".getBytes();

		for (int i = 0; i < 10_000; i++) {
			out.write(line);
		}

		ScheduledThreadPoolExecutor executor = executor(sender);
		assertThat(executor.getQueue()).as("10,000 cancelled timeouts of 30 s").hasSize(1);
		RunnableScheduledFuture<?> heartbeat = (RunnableScheduledFuture<?>) executor.getQueue().peek();
		assertThat(heartbeat.isPeriodic()).isTrue();
		assertThat(heartbeat.getDelay(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(WriteTimeouts.HEARTBEAT.toMillis());
	}

	@Test
	void closingTheSenderEndsTheThreadAndNoWriteGoesUnguardedAfterwards() throws Exception {
		SmtpSender sender = sender(Duration.ofSeconds(30));
		ScheduledThreadPoolExecutor executor = executor(sender);
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.resources.add(server);

		sender.destroy();

		await().atMost(Duration.ofSeconds(5)).until(executor::isTerminated);
		Socket socket = connect(sender, server);
		this.resources.add(server.accept());
		assertThatIOException().isThrownBy(() -> socket.getOutputStream().write(1))
			.withMessageContaining("timeout not enforced");
	}

	/**
	 * A socket as Angus makes one for an SMTP connection of the sender's session.
	 */
	private Socket connect(SmtpSender sender, ServerSocket server) throws IOException {
		Socket socket = SocketFetcher.getSocket(server.getInetAddress().getHostAddress(), server.getLocalPort(),
				sender.session().getProperties(), "mail.smtp");
		this.resources.add(socket);
		return socket;
	}

	private static ScheduledThreadPoolExecutor executor(SmtpSender sender) {
		return (ScheduledThreadPoolExecutor) sender.session().getProperties().get("mail.smtp.executor.writetimeout");
	}

	private SmtpSender sender(Duration timeout) {
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(25);
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(1, Duration.ofSeconds(5), timeout, 0, Duration.ofMinutes(5), false, 0, 0,
						Duration.ofSeconds(30), false),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		SmtpSender sender = new SmtpSender(mail, properties, null, RelayQuota.unshared(), DkimSigning.none());
		this.senders.add(sender);
		return sender;
	}

}
