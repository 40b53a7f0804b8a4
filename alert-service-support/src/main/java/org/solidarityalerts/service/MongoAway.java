package org.solidarityalerts.service;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Whether a listener's failure says that MongoDB cannot be reached (down, unreachable,
 * timing out) rather than that its record is bad: the services' Kafka error handlers try
 * such records again until MongoDB is back instead of skipping or dead-lettering them,
 * which would turn an outage into lost work.
 */
public final class MongoAway {

	private MongoAway() {
	}

	/**
	 * Whether MongoDB being out of reach is anywhere in a failure's causes, as Spring
	 * Data translates it or as the driver throws it.
	 * @param failure what the listener threw, as the error handler receives it
	 * @return whether trying again later may succeed
	 */
	public static boolean in(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
				return true;
			}
		}
		return false;
	}

}
