package org.solidarityalerts.ingest.organiser;

/**
 * The authenticated caller of the API.
 *
 * @param organisation the organisation the key belongs to
 * @param keyId the key's public id (never the secret)
 * @param role what the key may do
 */
public record Organiser(String organisation, String keyId, Role role) {

	/**
	 * Whether this caller may see and change an organisation's alerts.
	 * @param alertOrganisation the organisation that owns an alert
	 * @return true for the owning organisation and for operators
	 */
	public boolean mayAccess(String alertOrganisation) {
		return this.role == Role.OPERATOR || this.organisation.equals(alertOrganisation);
	}

}
