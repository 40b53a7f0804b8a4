package org.solidarityalerts.dispatch.mail;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that enforces the write timeout of all a sender's SMTP connections.
 * <p>
 * With {@code mail.smtp.writetimeout} set, Angus Mail wraps each connection's socket in a
 * {@code WriteTimeoutSocket} that schedules a task closing the socket before every write
 * and cancels it after. Left to itself, it makes a scheduler of its own, with a thread of
 * its own, for each connection; as that scheduler's queue is empty between writes, each
 * new task becomes the queue's head and wakes the thread: every write woke a thread. In
 * the fan-out benchmark at 100,000 subscribers (a JFR profile and the threads' CPU time
 * from {@code /proc}) those threads took 26 µs of CPU per delivery, about 6 % of
 * dispatch's, besides the wake-ups' cost in the sending threads.
 * <p>
 * So Angus is handed this scheduler instead
 * ({@code mail.<protocol>.executor.writetimeout}, which it treats as external: closing a
 * connection does not shut it down). A cancelled timeout leaves its queue at once, so
 * none pile up, and a heartbeat that does nothing keeps a deadline at most a second away
 * at the head of the queue: a write's timeout, seconds away, never becomes the head, so a
 * write wakes nobody and the thread wakes about once a second. A timeout that expires
 * still closes the socket, and the write fails, as before (a timeout shorter than the
 * heartbeat works too, only it wakes the thread). Over loopback, 200,000 small writes on
 * one connection took 3.0 µs of the writer's CPU each and 1.3 µs of the timeout thread's
 * with Angus's own scheduler, 1.5 µs and none with this one (without the heartbeat, 2.6
 * µs and 1.1 µs).
 */
final class WriteTimeouts implements AutoCloseable {

	static final Duration HEARTBEAT = Duration.ofSeconds(1);

	private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
			Thread.ofPlatform().name("smtp-write-timeouts").daemon().factory());

	WriteTimeouts() {
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.scheduleAtFixedRate(WriteTimeouts::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private static void beat() {
		// Nothing to do: being queued is all a heartbeat is for.
	}

	/**
	 * Has the connections of a mail session use this scheduler for their write timeout.
	 * @param settings the session's properties
	 * @param protocol the protocol they are for, e.g. {@code smtp}
	 */
	void applyTo(Properties settings, String protocol) {
		settings.put("mail." + protocol + ".executor.writetimeout", this.executor);
	}

	/**
	 * Stops the heartbeat; timeouts of writes still under way are still enforced, then
	 * the thread ends. Connections made afterwards cannot write (Angus refuses a write
	 * whose timeout cannot be scheduled).
	 */
	@Override
	public void close() {
		this.executor.shutdown();
	}

}
