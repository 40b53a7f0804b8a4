package org.solidarityalerts.testsupport;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Binds the in-process Mongo wire server so that each connection is served on a thread of
 * its own, as MongoDB serves them.
 * <p>
 * As shipped, the wire server shares twice as many threads as the machine has cores among
 * all its connections, each connection tied to one of them, and answers a command on its
 * connection's thread from start to end. A long command (the audience of a large
 * campaign, read and sorted before its first batch) then holds up every other connection
 * on that thread, whichever service or collection it serves: an urgent action's insert or
 * outbox write waits seconds behind a bulk fan-out's query for no reason a real MongoDB
 * has. With more threads than the services open connections (they are handed out in
 * turn), none shares one; a thread starts only when a connection is given to it.
 */
public final class WireServers {

	/**
	 * Threads for the connections: more than the services of one stack keep open (their
	 * pools, and each client's monitors).
	 */
	static final int CONNECTION_THREADS = 128;

	private WireServers() {
	}

	/**
	 * Binds a wire server, a thread per connection.
	 * @param server the server
	 * @param host the address to listen on
	 * @param port the port, or 0 for a free one
	 * @return the address it listens on
	 */
	public static InetSocketAddress bind(MongoServer server, String host, int port) {
		server.bind(new InetSocketAddress(host, port), 1, CONNECTION_THREADS);
		return server.getLocalAddress();
	}

}
