package org.solidarityalerts.dispatch.subscriber;

import java.util.EnumSet;
import java.util.List;

import org.solidarityalerts.contract.AlertKind;

/**
 * What a subscriber asked to receive. An alert matches if its kind is among {@code kinds}
 * and its campaign or its subject country is followed.
 *
 * @param campaigns campaign ids followed
 * @param countries subject countries followed (ISO 3166-1 alpha-2)
 * @param kinds kinds of alert wanted
 * @param cadence immediate, or a daily or weekly digest, for all but urgent actions
 */
public record Preferences(List<String> campaigns, List<String> countries, List<AlertKind> kinds, Cadence cadence) {

	public Preferences {
		campaigns = (campaigns != null) ? List.copyOf(campaigns) : List.of();
		countries = (countries != null) ? List.copyOf(countries) : List.of();
		kinds = (kinds != null && !kinds.isEmpty()) ? List.copyOf(kinds) : List.copyOf(EnumSet.allOf(AlertKind.class));
		cadence = (cadence != null) ? cadence : Cadence.IMMEDIATE;
	}

}
