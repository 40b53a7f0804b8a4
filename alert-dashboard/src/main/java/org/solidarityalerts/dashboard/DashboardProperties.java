package org.solidarityalerts.dashboard;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard's configuration.
 *
 * @param source the producer name written in the headers of the events the dashboard
 * publishes
 * @param users who may log in, with their password hash and role
 * @param live how often live views are pushed to browsers
 * @param topics how the topics and consumer groups are watched
 * @param deadLetters how dead letters are listed and re-driven
 * @param health which servers the health view checks
 */
@ConfigurationProperties("alert.dashboard")
public record DashboardProperties(@DefaultValue("/alert-dashboard") String source, List<User> users,
		@DefaultValue Live live, @DefaultValue Topics topics, @DefaultValue DeadLetters deadLetters,
		@DefaultValue Health health) {

	public DashboardProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	/**
	 * Someone who may log in.
	 *
	 * @param name the login name, written in the audit log and on control events
	 * @param password the password hash with its encoding id, e.g.
	 * {@code {bcrypt}$2a$...}
	 * @param role what they may do
	 */
	public record User(String name, String password, @DefaultValue("VIEWER") Role role) {

		@Override
		public String toString() {
			return "User[name=" + this.name + ", role=" + this.role + "]";
		}

	}

	/**
	 * What a user may do.
	 */
	public enum Role {

		/** Sees everything an operator sees, and can change nothing. */
		VIEWER,

		/** May also pause, resume and cancel fan-outs and re-drive dead letters. */
		OPERATOR

	}

	/**
	 * Live updates.
	 *
	 * @param updateInterval the least time between two updates of one view
	 * @param heartbeat how often an idle stream sends a comment, so that proxies keep it
	 * open
	 */
	public record Live(@DefaultValue("1s") Duration updateInterval, @DefaultValue("15s") Duration heartbeat) {
	}

	/**
	 * Watching the topics.
	 *
	 * @param sampleInterval how often end offsets and committed offsets are sampled
	 * @param trendWindow how far back samples count for a group's trend and time to drain
	 */
	public record Topics(@DefaultValue("2s") Duration sampleInterval, @DefaultValue("60s") Duration trendWindow) {
	}

	/**
	 * Dead letters.
	 *
	 * @param listed the most records listed per dead-letter topic, newest first
	 * @param maxRedrives how many times a record that keeps failing may be re-driven
	 */
	public record DeadLetters(@DefaultValue("100") int listed, @DefaultValue("3") int maxRedrives) {
	}

	/**
	 * The servers the health view checks.
	 *
	 * @param smtpHost the SMTP server dispatch sends through
	 * @param smtpPort its port
	 * @param timeout how long a check may take
	 * @param interval how often the checks run
	 */
	public record Health(@DefaultValue("localhost") String smtpHost, @DefaultValue("1025") int smtpPort,
			@DefaultValue("2s") Duration timeout, @DefaultValue("5s") Duration interval) {
	}

}
