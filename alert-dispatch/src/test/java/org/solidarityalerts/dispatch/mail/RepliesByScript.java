package org.solidarityalerts.dispatch.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * An SMTP server that answers chosen commands from a script: the replies no full server
 * can be made to give, such as refusing {@code DATA} after it took the envelope, or
 * answering {@code DATA} with 354 though it refused every recipient (which RFC 2920 asks
 * a pipelining client to meet with an empty message). Other commands get the replies
 * Postfix gives. It offers {@code PIPELINING}, and {@code STARTTLS} when given a TLS
 * context, and answers as pipelining servers do: the commands that arrived together are
 * all read before any is answered, so a transaction whose {@code MAIL}, {@code RCPT} and
 * {@code DATA} came in one write (in one TLS record, after {@code STARTTLS}) is counted
 * as one group.
 */
final class RepliesByScript implements AutoCloseable {

	private final ServerSocket socket;

	private final @Nullable SSLContext tls;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final Map<String, Deque<String>> script = new ConcurrentHashMap<>();

	private final List<String> accepted = new CopyOnWriteArrayList<>();

	private final List<String> refusedData = new CopyOnWriteArrayList<>();

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger groups = new AtomicInteger();

	private final AtomicInteger secured = new AtomicInteger();

	/**
	 * Starts listening on a loopback port.
	 * @param tls the server's TLS, to offer STARTTLS; null to offer plain SMTP only
	 */
	RepliesByScript(@Nullable SSLContext tls) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.tls = tls;
		this.threads.submit(this::accept);
	}

	/**
	 * Answers the next commands with this verb with these replies, one each, then as
	 * usual.
	 * @param verb {@code MAIL}, {@code RCPT}, {@code DATA}, or {@code .} for the end of a
	 * message's data
	 * @param replies the replies, such as {@code 554 5.7.1 Not now}
	 * @return this server
	 */
	RepliesByScript answer(String verb, String... replies) {
		this.script.computeIfAbsent(verb, (key) -> new ArrayDeque<>()).addAll(List.of(replies));
		return this;
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** The messages it accepted (250 to the end of their data), as sent. */
	List<String> accepted() {
		return this.accepted;
	}

	/** The data of the messages it refused at their end, as sent. */
	List<String> refusedData() {
		return this.refusedData;
	}

	/** Every command it read, in order, with its arguments. */
	List<String> commands() {
		return this.commands;
	}

	int connections() {
		return this.connections.get();
	}

	/** Transactions whose MAIL, RCPT and DATA all arrived before it answered any. */
	int groups() {
		return this.groups.get();
	}

	/** Connections that went on over TLS after STARTTLS. */
	int secured() {
		return this.secured.get();
	}

	private Void accept() throws IOException {
		while (!this.socket.isClosed()) {
			Socket client = this.socket.accept();
			this.connections.incrementAndGet();
			this.threads.submit(() -> serve(client));
		}
		return null;
	}

	private Void serve(Socket client) throws IOException {
		Socket connection = client;
		try {
			BufferedReader in = reader(connection);
			OutputStream out = connection.getOutputStream();
			StringBuilder replies = new StringBuilder("220 scripted.test ESMTP\r\n");
			Transaction transaction = new Transaction();
			boolean tlsOffered = this.tls != null;
			for (String line = read(in, out, replies); line != null; line = read(in, out, replies)) {
				this.commands.add(line);
				String verb = line.split(" ", 2)[0].split(":", 2)[0].toUpperCase(Locale.ROOT);
				switch (verb) {
					case "EHLO" -> {
						transaction = new Transaction();
						replies.append("250-scripted.test\r\n250-PIPELINING\r\n")
							.append(tlsOffered ? "250-STARTTLS\r\n" : "")
							.append("250 8BITMIME\r\n");
					}
					case "STARTTLS" -> {
						if (!tlsOffered) {
							replies.append("502 5.5.1 Error: command not implemented\r\n");
							continue;
						}
						reply(out, replies.append("220 2.0.0 Ready to start TLS\r\n"));
						SSLSocket secure = (SSLSocket) this.tls.getSocketFactory()
							.createSocket(connection, connection.getInetAddress().getHostAddress(),
									connection.getPort(), true);
						secure.setUseClientMode(false);
						secure.startHandshake();
						connection = secure;
						in = reader(connection);
						out = connection.getOutputStream();
						tlsOffered = false;
						this.secured.incrementAndGet();
					}
					case "MAIL" -> {
						transaction = new Transaction();
						transaction.answeredSinceMail = false;
						String reply = scripted("MAIL", "250 2.1.0 Ok");
						transaction.sender = reply.startsWith("2");
						replies.append(reply).append("\r\n");
					}
					case "RCPT" -> {
						String reply = transaction.sender ? scripted("RCPT", "250 2.1.5 Ok")
								: "503 5.5.1 Error: need MAIL command";
						transaction.recipients += reply.startsWith("2") ? 1 : 0;
						replies.append(reply).append("\r\n");
					}
					case "DATA" -> {
						if (!transaction.answeredSinceMail) {
							this.groups.incrementAndGet();
						}
						String reply = scripted("DATA", (transaction.recipients > 0)
								? "354 End data with <CR><LF>.<CR><LF>" : "554 5.5.1 Error: no valid recipients");
						reply(out, replies.append(reply).append("\r\n"));
						if (reply.startsWith("354")) {
							String data = data(in);
							String end = scripted(".", (transaction.recipients > 0) ? "250 2.0.0 Ok: queued"
									: "554 5.5.1 Error: no valid recipients");
							(end.startsWith("250") ? this.accepted : this.refusedData).add(data);
							replies.append(end).append("\r\n");
						}
						transaction = new Transaction();
					}
					case "RSET" -> {
						transaction = new Transaction();
						replies.append("250 2.0.0 Ok\r\n");
					}
					case "QUIT" -> {
						reply(out, replies.append("221 2.0.0 Bye\r\n"));
						return null;
					}
					default -> replies.append("250 2.0.0 Ok\r\n");
				}
				if (!replies.isEmpty() && !in.ready()) {
					transaction.answeredSinceMail = true;
				}
			}
			return null;
		}
		finally {
			connection.close();
		}
	}

	/**
	 * Reads the next command, first writing the replies due if nothing more has arrived:
	 * the commands of a pipelined group are all read before any is answered.
	 */
	private static @Nullable String read(BufferedReader in, OutputStream out, StringBuilder replies)
			throws IOException {
		if (!replies.isEmpty() && !in.ready()) {
			reply(out, replies);
		}
		return in.readLine();
	}

	private static void reply(OutputStream out, StringBuilder replies) throws IOException {
		out.write(replies.toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		replies.setLength(0);
	}

	private static String data(BufferedReader in) throws IOException {
		StringBuilder data = new StringBuilder();
		for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
			data.append(line).append("\r\n");
		}
		return data.toString();
	}

	private String scripted(String verb, String otherwise) {
		Deque<String> replies = this.script.get(verb);
		String reply = (replies != null) ? replies.poll() : null;
		return (reply != null) ? reply : otherwise;
	}

	private static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.threads.shutdownNow();
	}

	/** What the current transaction has been told. */
	private static final class Transaction {

		private boolean sender;

		private int recipients;

		private boolean answeredSinceMail = true;

	}

}
