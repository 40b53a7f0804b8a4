package org.solidarityalerts.ingest.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.solidarityalerts.ingest.archive.ArchiveController.AlertEntry;

/**
 * Writes a campaign's Atom feed (RFC 4287) with ROME, so that escaping and the format's
 * rules are a well-tried library's business. Each entry's id is the alert's UUID as a
 * URN, the same for every version, so a reader shows an update or a cancellation in place
 * of the entry it had; its title says which it is, and a category
 * ({@value #STATE_SCHEME}) says so to machines. Each entry carries its alert's language
 * ({@code xml:lang}).
 */
class AtomFeeds {

	static final String STATE_SCHEME = "urn:solidarity-alerts:state";

	static final String KIND_SCHEME = "urn:solidarity-alerts:kind";

	String write(Campaign campaign, List<AlertEntry> alerts) {
		Feed feed = new Feed("atom_1.0");
		feed.setId(campaign.id());
		feed.setTitle(campaign.name());
		feed.setUpdated(
				Date.from(alerts.stream().map(AlertEntry::updated).max(java.time.Instant::compareTo).orElseThrow()));
		feed.setAuthors(List.of(person(campaign.organisation())));
		feed.setAlternateLinks(List.of(link("alternate", "text/html", campaign.page())));
		feed.setOtherLinks(List.of(link("self", "application/atom+xml", campaign.feed())));
		List<Entry> entries = new ArrayList<>();
		for (AlertEntry alert : alerts) {
			entries.add(entry(alert));
		}
		feed.setEntries(entries);
		try {
			Document document = new WireFeedOutput().outputJDom(feed);
			// ROME's entries have no language; each alert's may differ (a campaign writes
			// in several), and a reader needs it to choose fonts, hyphenation and, for
			// Arabic or Persian, the direction.
			List<Element> written = document.getRootElement()
				.getChildren("entry", document.getRootElement().getNamespace());
			for (int i = 0; i < written.size(); i++) {
				written.get(i).setAttribute("lang", alerts.get(i).language(), Namespace.XML_NAMESPACE);
			}
			return new XMLOutputter(Format.getPrettyFormat().setEncoding(StandardCharsets.UTF_8.name()))
				.outputString(document);
		}
		catch (FeedException ex) {
			throw new IllegalStateException("Could not write the feed of " + campaign.id(), ex);
		}
	}

	private static Entry entry(AlertEntry alert) {
		Entry entry = new Entry();
		entry.setId("urn:uuid:" + alert.id());
		entry.setTitle(alert.words().feedTitle());
		entry.setPublished(Date.from(alert.published()));
		entry.setUpdated(Date.from(alert.updated()));
		entry.setAlternateLinks(List.of(link("alternate", "text/html", alert.url())));
		Category state = new Category();
		state.setScheme(STATE_SCHEME);
		state.setTerm(alert.state().name().toLowerCase(java.util.Locale.ROOT));
		Category kind = new Category();
		kind.setScheme(KIND_SCHEME);
		kind.setTerm(alert.kind());
		entry.setCategories(List.of(state, kind));
		String summary = (alert.words().note() != null) ? alert.words().note() + "\n\n" + alert.summary()
				: alert.summary();
		entry.setSummary(text(summary));
		if (alert.safeBody() != null) {
			Content body = new Content();
			body.setType(Content.HTML);
			body.setValue(alert.safeBody());
			entry.setContents(List.of(body));
		}
		return entry;
	}

	private static Content text(String value) {
		Content content = new Content();
		content.setType(Content.TEXT);
		content.setValue(value);
		return content;
	}

	private static SyndPerson person(String name) {
		Person person = new Person();
		person.setName(name);
		return person;
	}

	private static Link link(String rel, String type, String href) {
		Link link = new Link();
		link.setRel(rel);
		link.setType(type);
		link.setHref(href);
		return link;
	}

	/**
	 * The feed's own details.
	 *
	 * @param id its stable id
	 * @param name the campaign's name, its title
	 * @param organisation the organisation, its author
	 * @param page the campaign's archive page
	 * @param feed the feed's own address
	 */
	record Campaign(String id, String name, String organisation, String page, String feed) {
	}

}
