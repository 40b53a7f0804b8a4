package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Angus Mail's SMTP transport, sending {@code MAIL}, {@code RCPT} and {@code DATA} as one
 * group (RFC 2920) when the server offered {@code PIPELINING}: a message costs two round
 * trips (the group, then the data) instead of four. Angus still makes the connection
 * (greeting, EHLO, STARTTLS, AUTH), builds the commands and writes the message; this
 * class only holds back the replies of {@code MAIL} and {@code RCPT} until {@code DATA}
 * has been written, then reads them in order and answers as Angus's own send path would:
 * a refused sender or recipient is the same exception with the same reply code, and the
 * connection is left clean ({@code RSET}) for the next message.
 * <p>
 * Angus writes and flushes each command; the commands held back are written into its
 * buffered stream (a private field, read through a {@link VarHandle}) without flushing,
 * so the whole group leaves in one write. Should a later Angus lack that field, messages
 * are sent one command at a time as before.
 * <p>
 * The message is still written only after the server answered {@code DATA} with 354, so
 * what "in doubt" means does not change. It is written through {@link SmtpDataStream},
 * which makes the same bytes as Angus's data stream in one pass.
 */
final class PipeliningTransport extends SMTPTransport {

	private static final Logger logger = LoggerFactory.getLogger(PipeliningTransport.class);

	private static final byte[] CRLF = { '\r', '\n' };

	private static final @Nullable VarHandle SERVER_OUTPUT = serverOutput();

	private final boolean pipelining;

	private final boolean utf8;

	/** Whether MAIL and RCPT are being held back for the DATA. */
	private boolean grouping;

	/**
	 * Whether the next reply read is DATA's, with the held commands' replies before it.
	 */
	private boolean groupWritten;

	/** The commands written but not yet answered, in order. */
	private final List<String> held = new ArrayList<>();

	/** The message's data being written, if the socket's stream could be reached. */
	private @Nullable SmtpDataStream data;

	/**
	 * A transport for the given protocol.
	 * @param session the mail session
	 * @param protocol {@code smtp}, or {@code smtps} for TLS from the first byte
	 * @param pipelining whether to pipeline when the server offers it
	 */
	PipeliningTransport(Session session, String protocol, boolean pipelining) {
		super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
		// BDAT (mail.smtp.chunksize, never set by dispatch) has no DATA to end a group.
		String chunks = session.getProperty("mail." + protocol + ".chunksize");
		this.pipelining = pipelining && SERVER_OUTPUT != null && (chunks == null || chunks.isBlank());
		this.utf8 = Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8"));
	}

	private static @Nullable VarHandle serverOutput() {
		try {
			return MethodHandles.privateLookupIn(SMTPTransport.class, MethodHandles.lookup())
				.findVarHandle(SMTPTransport.class, "serverOutput", OutputStream.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("SMTP pipelining is off: this Angus Mail's transport cannot be written to in one go ({})",
					ex.getClass().getSimpleName());
			return null;
		}
	}

	/**
	 * Whether messages on this connection are sent as one group: pipelining is on and the
	 * server offered it in its reply to EHLO.
	 * @return true if they are
	 */
	boolean pipelines() {
		return this.pipelining && supportsExtension("PIPELINING");
	}

	@Override
	public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
		try {
			super.sendMessage(message, addresses);
		}
		finally {
			this.grouping = false;
			this.groupWritten = false;
			this.held.clear();
			this.data = null;
		}
	}

	@Override
	protected void mailFrom() throws MessagingException {
		this.grouping = pipelines();
		super.mailFrom();
	}

	@Override
	protected void sendCommand(String command) throws MessagingException {
		if (this.grouping && (command.startsWith("MAIL FROM:") || command.startsWith("RCPT TO:"))) {
			hold(command);
			return;
		}
		if (this.grouping && command.equals("DATA")) {
			// Written with the held commands and flushed: the whole group in one write.
			this.grouping = false;
			this.groupWritten = true;
		}
		super.sendCommand(command);
	}

	/**
	 * Issues DATA as Angus does, then has the message written through a stream that
	 * encodes it for SMTP in one pass, where the socket's stream can be reached.
	 */
	@Override
	protected OutputStream data() throws MessagingException {
		OutputStream angus = super.data();
		OutputStream server = (SERVER_OUTPUT != null) ? (OutputStream) SERVER_OUTPUT.get((SMTPTransport) this) : null;
		if (server == null) {
			return angus;
		}
		this.data = new SmtpDataStream(server);
		return this.data;
	}

	/**
	 * Ends the data's last line, then lets Angus write the terminating full stop (its own
	 * data stream, written nothing, is at the beginning of a line).
	 */
	@Override
	protected void finishData() throws IOException, MessagingException {
		SmtpDataStream written = this.data;
		this.data = null;
		if (written != null) {
			written.endLine();
		}
		super.finishData();
	}

	private void hold(String command) throws MessagingException {
		byte[] bytes = command.getBytes(this.utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		for (byte b : bytes) {
			if (b == '\r' || b == '\n') {
				throw new IllegalArgumentException("An SMTP command contains a line break");
			}
		}
		try {
			OutputStream out = (OutputStream) SERVER_OUTPUT.get((SMTPTransport) this);
			out.write(bytes);
			out.write(CRLF);
		}
		catch (IOException ex) {
			throw new MessagingException("Can't send command to SMTP host", ex);
		}
		this.held.add(command);
	}

	@Override
	protected int readServerResponse() throws MessagingException {
		if (this.grouping) {
			// A held command: its reply is read after DATA's is due, and acted on then.
			return 250;
		}
		if (this.groupWritten) {
			this.groupWritten = false;
			return readGroup();
		}
		return super.readServerResponse();
	}

	/**
	 * Reads the replies to the held commands and then DATA's. Returns DATA's reply if the
	 * server took the sender and every recipient; Angus then goes on as it would have.
	 */
	private int readGroup() throws MessagingException {
		MessagingException refused = null;
		boolean recipientsRefused = false;
		int accepted = 0;
		for (String command : this.held) {
			int code = super.readServerResponse();
			if (code == 421 || code < 0) {
				// The server is closing the connection (or did): nothing more will come.
				throw new SMTPSendFailedException(command, code, getLastServerResponse(), null, null, null, null);
			}
			if (command.startsWith("MAIL FROM:")) {
				if (code != 250 && refused == null) {
					refused = new SMTPSendFailedException(command, code, getLastServerResponse(), null, null, null,
							null);
				}
			}
			else if (code >= 200 && code < 300) {
				accepted++;
			}
			else {
				SMTPAddressFailedException failed = new SMTPAddressFailedException(recipient(command), command, code,
						getLastServerResponse());
				if (refused == null) {
					refused = new SendFailedException("Invalid Addresses", failed);
					recipientsRefused = true;
				}
				else if (recipientsRefused) {
					refused.setNextException(failed);
				}
			}
		}
		int data = super.readServerResponse();
		if (refused == null || data == 421 || data < 0) {
			return data;
		}
		if (data == 354) {
			// RFC 2920 3.1: a server that took DATA despite the refusals gets an empty
			// message ended at once, unless some recipient would then receive it.
			if (accepted > 0) {
				throw new MessagingException("The SMTP server took DATA after refusing part of the envelope",
						new IOException("abandoned the connection rather than send an empty message"));
			}
			super.sendCommand(".");
			super.readServerResponse();
		}
		// As Angus does after a refusal, so the connection is clean for the next message.
		super.sendCommand("RSET");
		super.readServerResponse();
		throw refused;
	}

	private static InternetAddress recipient(String command) {
		String address = command.substring("RCPT TO:".length()).trim();
		int end = address.indexOf('>');
		InternetAddress recipient = new InternetAddress();
		recipient.setAddress((address.startsWith("<") && end > 0) ? address.substring(1, end) : address);
		return recipient;
	}

}
