package org.solidarityalerts.ingest.archive;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign's public archive page and Atom feed show its published alerts and nothing
 * else: not an embargoed one, not another organisation's of the same campaign slug; a
 * cancelled alert is marked as such and an update as an update; hostile text stays text.
 */
@IngestIntegrationTest
class ArchiveIntegrationTests {

	private static final String HOSTILE_TITLE = "<script>alert('x')</script> Dana & <b>Serikova</b>";

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	Api api;

	String organisation;

	String key;

	String campaign;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.key = this.apiKeys.issue(this.organisation, Role.ORGANISER, "test").key();
		this.campaign = "free-dana-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void theFeedIsAtomWithEveryRequiredElementAndOnlyTheCampaignsPublishedAlerts() throws Exception {
		String plain = post(this.key, draft("Dana Serikova begins a hunger strike"));
		String hostile = post(this.key, draft(HOSTILE_TITLE));
		String cancelled = post(this.key, draft("Dana Serikova moved to a prison hospital"));
		String updated = post(this.key, draft("The Supreme Court will review her case"));
		ObjectNode embargoed = draft("Embargoed: the verdict");
		embargoed.put("publishAt",
				this.clock.instant().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
		embargoed.put("deadline",
				this.clock.instant().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
		String embargoedId = post(this.key, embargoed);
		String otherKey = this.apiKeys
			.issue("other-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
		String others = post(otherKey, draft("Another organisation's alert of the same campaign slug"));
		awaitPublished(cancelled);
		Reply cancelling = this.api.post("/api/v1/alerts/" + cancelled + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released: no further action\"}}");
		assertThat(cancelling.status()).as(cancelling.toString()).isEqualTo(202);
		awaitPublished(updated);
		ObjectNode correction = draft("The Supreme Court will review her case on 25 November");
		correction.put("changeNote", "The date of the review is set.");
		Reply updating = this.api.put("/api/v1/alerts/" + updated, this.key, correction.toString());
		assertThat(updating.status()).as(updating.toString()).isEqualTo(202);

		String feedPath = "/public/campaigns/" + this.organisation + "/" + this.campaign + "/feed.atom";
		Feed feed = await().atMost(Duration.ofSeconds(20))
			.until(() -> parse(this.api.get(feedPath, null)), (parsed) -> {
				Map<String, Entry> entries = byId(parsed);
				return entries.size() == 4 && state(entries.get("urn:uuid:" + cancelled)).equals("cancelled")
						&& state(entries.get("urn:uuid:" + updated)).equals("updated");
			});

		assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
		assertThat(URI.create(feed.getId()).isAbsolute()).as("feed id %s", feed.getId()).isTrue();
		assertThat(feed.getTitle()).isEqualTo("Free Dana Serikova");
		assertThat(feed.getUpdated()).isNotNull();
		assertThat(feed.getAuthors()).extracting((author) -> author.getName()).containsExactly(this.organisation);
		assertThat(feed.getOtherLinks()).extracting(Link::getRel).contains("self");
		for (Entry entry : feed.getEntries()) {
			assertThat(URI.create(entry.getId()).isAbsolute()).as("entry id %s", entry.getId()).isTrue();
			assertThat(entry.getTitle()).as("title of %s", entry.getId()).isNotBlank();
			assertThat(entry.getUpdated()).as("updated of %s", entry.getId()).isNotNull();
			assertThat(entry.getAlternateLinks()).as("links of %s", entry.getId()).hasSize(1);
			assertThat(entry.getUpdated()).isBeforeOrEqualTo(feed.getUpdated());
		}
		Map<String, Entry> entries = byId(feed);
		assertThat(entries).containsOnlyKeys("urn:uuid:" + plain, "urn:uuid:" + hostile, "urn:uuid:" + cancelled,
				"urn:uuid:" + updated);
		assertThat(entries).doesNotContainKeys("urn:uuid:" + embargoedId, "urn:uuid:" + others);
		assertThat(feed.getEntries().getFirst().getId()).as("newest first").isEqualTo("urn:uuid:" + updated);
		assertThat(entries.get("urn:uuid:" + cancelled).getTitle())
			.isEqualTo("Cancelled: Dana Serikova moved to a prison hospital");
		assertThat(entries.get("urn:uuid:" + cancelled).getSummary().getValue())
			.contains("Released: no further action");
		assertThat(entries.get("urn:uuid:" + updated).getTitle())
			.isEqualTo("Updated: The Supreme Court will review her case on 25 November");
		assertThat(entries.get("urn:uuid:" + hostile).getTitle()).isEqualTo(HOSTILE_TITLE);
		assertThat(entries.get("urn:uuid:" + plain).getAlternateLinks().getFirst().getHref())
			.endsWith("/public/alerts/" + plain);
		assertThat(this.api
			.get(entries.get("urn:uuid:" + plain)
				.getAlternateLinks()
				.getFirst()
				.getHref()
				.replaceFirst("^http://[^/]+", ""), null)
			.status()).isEqualTo(200);
		assertThat(this.api.get("/public/alerts/" + embargoedId, null).status()).isEqualTo(404);
	}

	@Test
	void anUnchangedFeedIsAnsweredWithNotModified() {
		String id = post(this.key, draft("Dana Serikova begins a hunger strike"));
		awaitPublished(id);
		String feedPath = "/public/campaigns/" + this.organisation + "/" + this.campaign + "/feed.atom";
		Reply first = this.api.get(feedPath, null);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Content-Type")).startsWith("application/atom+xml");
		assertThat(first.header("ETag")).isNotBlank();
		assertThat(first.header("Last-Modified")).isNotBlank();

		Reply again = this.api.get(feedPath, null, "If-None-Match", first.header("ETag"));
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
	}

	@Test
	void thePageShowsTheAlertsAndKeepsHostileMarkupAsText() {
		String hostile = post(this.key, draft(HOSTILE_TITLE));
		String cancelled = post(this.key, draft("Dana Serikova moved to a prison hospital"));
		awaitPublished(cancelled);
		this.api.post("/api/v1/alerts/" + cancelled + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released: no further action\"}}");
		String page = "/public/campaigns/" + this.organisation + "/" + this.campaign;
		Reply reply = await().until(() -> this.api.get(page, null),
				(answer) -> answer.body().contains("Released: no further action")
						&& answer.body().contains("Serikova</"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.header("Content-Type")).startsWith("text/html");
		assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'").doesNotContain("script-src");
		assertThat(reply.body()).contains("<h1>Free Dana Serikova</h1>")
			.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Dana &amp; &lt;b&gt;Serikova&lt;/b&gt;")
			.doesNotContain("<script>")
			.doesNotContain("<b>Serikova</b>")
			.contains(">Cancelled<")
			.contains("/public/alerts/" + hostile)
			.contains("type=\"application/atom+xml\"");

		assertThat(reply.header("ETag")).isNotBlank();
		assertThat(this.api.get(page, null, "If-None-Match", reply.header("ETag")).status()).isEqualTo(304);

		Reply alert = this.api.get("/public/alerts/" + hostile, null);
		assertThat(alert.status()).isEqualTo(200);
		assertThat(alert.body()).doesNotContain("<script>")
			.contains("<strong>Please write today.</strong>")
			.contains("?lang=es");
		Reply spanish = this.api.get("/public/alerts/" + hostile + "?lang=es", null);
		assertThat(spanish.body()).contains("La abogada encarcelada rechaza la comida desde el lunes.");
	}

	/**
	 * The archive's own words around an alert are in the alert's language where the
	 * archive speaks it, a page in Arabic runs right to left, and the feed's entries say
	 * "cancelled" in the language asked for.
	 */
	@Test
	void theArchiveSpeaksTheAlertsLanguageAroundIt() throws Exception {
		ObjectNode draft = draft("Dana Serikova begins a hunger strike");
		ObjectNode arabic = ((ObjectNode) draft.at("/content/en")).deepCopy();
		arabic.put("title", "دانا سيريكوفا تبدأ إضرابًا عن الطعام");
		((ObjectNode) draft.path("content")).set("ar", arabic);
		String id = post(this.key, draft);
		awaitPublished(id);
		Reply cancelling = this.api.post("/api/v1/alerts/" + id + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released\", \"es\": \"Liberada\", \"ar\": \"أُفرج عنها\"}}");
		assertThat(cancelling.status()).as(cancelling.toString()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/public/alerts/" + id, null).body().contains("Cancelled: Released"));

		String english = this.api.get("/public/alerts/" + id, null).body();
		String spanish = this.api.get("/public/alerts/" + id + "?lang=es", null).body();
		String inArabic = this.api.get("/public/alerts/" + id + "?lang=ar", null).body();

		assertThat(english).contains("<html lang=\"en\" dir=\"ltr\">", ">Cancelled<", "Urgent action", "published ",
				"Also in:", ">español<", ">العربية<");
		assertThat(spanish)
			.contains("<html lang=\"es\" dir=\"ltr\">", ">Cancelada<", "Acción urgente", "publicada el ",
					"Cancelada: Liberada", "También en:", ">English<")
			.doesNotContain("Cancelled", "published ", "Also in");
		assertThat(inArabic)
			.contains("<html lang=\"ar\" dir=\"rtl\">", "dir=\"rtl\"", ">أُلغي<", "تحرّك عاجل", "أُلغي: أُفرج عنها",
					"دانا سيريكوفا")
			.doesNotContain("Cancelled", "Urgent action");
		String feedPath = "/public/campaigns/" + this.organisation + "/" + this.campaign + "/feed.atom";
		Reply spanishFeed = this.api.get(feedPath + "?lang=es", null);
		assertThat(spanishFeed.body()).contains("<entry xml:lang=\"es\">");
		assertThat(this.api.get(feedPath + "?lang=ar", null).body()).contains("<entry xml:lang=\"ar\">");
		// Not written in German: the entry is in the alert's default language, and says
		// so.
		assertThat(this.api.get(feedPath + "?lang=de", null).body()).contains("<entry xml:lang=\"en\">");
		Feed feed = parse(spanishFeed);
		assertThat(feed.getEntries()).singleElement()
			.satisfies((entry) -> assertThat(entry.getTitle())
				.isEqualTo("Cancelada: Dana Serikova inicia una huelga de hambre"))
			.satisfies((entry) -> assertThat(entry.getSummary().getValue()).startsWith("Cancelada: Liberada"));
	}

	@Test
	void aCampaignWithNothingPublishedIsNotThereAndTheArchiveIsReadOnly() {
		ObjectNode embargoed = draft("Embargoed: the verdict");
		embargoed.put("publishAt",
				this.clock.instant().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
		embargoed.put("deadline",
				this.clock.instant().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
		post(this.key, embargoed);
		String page = "/public/campaigns/" + this.organisation + "/" + this.campaign;

		assertThat(this.api.get(page, null).status()).isEqualTo(404);
		assertThat(this.api.get(page + "/feed.atom", null).status()).isEqualTo(404);
		assertThat(this.api.get("/public/alerts/not-an-id", null).status()).isEqualTo(404);
		assertThat(this.api.post(page, null, "{}").status()).isIn(404, 405);
		assertThat(this.api.delete(page, null).status()).isIn(404, 405);
	}

	/**
	 * A supporter following a link to an alert that is not there (yet) gets a page in the
	 * archive's style, not the API's problem detail; a feed reader still gets the problem
	 * detail.
	 */
	@Test
	void aBrowserAskingForWhatIsNotThereGetsTheArchivesOwnPage() {
		String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

		Reply alert = this.api.get("/public/alerts/not-an-id", null, "Accept", browser);
		Reply campaign = this.api.get("/public/campaigns/" + this.organisation + "/nothing-published", null, "Accept",
				browser);
		Reply feed = this.api.get("/public/campaigns/" + this.organisation + "/nothing-published/feed.atom", null,
				"Accept", "application/atom+xml");

		for (Reply page : List.of(alert, campaign)) {
			assertThat(page.status()).as(page.toString()).isEqualTo(404);
			assertThat(page.header("Content-Type")).startsWith("text/html");
			assertThat(page.header("Content-Security-Policy")).contains("style-src 'self'");
			assertThat(page.body())
				.contains("<h1>Nothing at this address</h1>", "not published yet", "href=\"/public/archive.css\"")
				.doesNotContain("\"status\"", "Exception");
		}
		assertThat(feed.status()).isEqualTo(404);
		assertThat(feed.header("Content-Type")).isEqualTo("application/problem+json");
	}

	/**
	 * The page for what is not there speaks the language the link asked for, else the
	 * browser's first language the archive speaks, else English.
	 */
	@Test
	void theArchivesOwnPageSpeaksTheReadersLanguage() {
		String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
		String missing = "/public/alerts/" + UUID.randomUUID();

		Reply spanish = this.api.get(missing, null, "Accept", browser, "Accept-Language", "nl-BE,es;q=0.8,en;q=0.5");
		Reply arabic = this.api.get(missing + "?lang=ar", null, "Accept", browser, "Accept-Language", "fr");
		Reply unknown = this.api.get(missing, null, "Accept", browser, "Accept-Language", "nl, ja;q=0.5");

		assertThat(spanish.status()).isEqualTo(404);
		assertThat(spanish.body())
			.contains("<html lang=\"es\" dir=\"ltr\">", "<h1>No hay nada en esta dirección</h1>",
					"<title>No hay nada en esta dirección · Alertas solidarias</title>", "aún no se haya publicado")
			.doesNotContain("Nothing at this address");
		assertThat(arabic.status()).isEqualTo(404);
		assertThat(arabic.body()).contains("<html lang=\"ar\" dir=\"rtl\">", "<h1>لا شيء على هذا العنوان</h1>")
			.doesNotContain("Rien");
		assertThat(unknown.body()).contains("<html lang=\"en\" dir=\"ltr\">", "<h1>Nothing at this address</h1>");
	}

	private ObjectNode draft(String title) {
		ObjectNode draft = Drafts.of("urgent-action", this.clock.instant());
		((ObjectNode) draft.path("campaign")).put("id", this.campaign);
		((ObjectNode) draft.at("/content/en")).put("title", title);
		return draft;
	}

	private String post(String key, ObjectNode draft) {
		Reply posted = this.api.post("/api/v1/alerts", key, draft.toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		return posted.json().path("id").asString();
	}

	private void awaitPublished(String id) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.api.get("/public/alerts/" + id, null).status() == 200);
	}

	private static Feed parse(Reply reply) throws Exception {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return (Feed) new WireFeedInput().build(new StringReader(reply.body()));
	}

	private static Map<String, Entry> byId(Feed feed) {
		return feed.getEntries().stream().collect(Collectors.toMap(Entry::getId, Function.identity()));
	}

	private static String state(Entry entry) {
		if (entry == null) {
			return "";
		}
		List<Category> categories = entry.getCategories();
		return categories.stream()
			.filter((category) -> AtomFeeds.STATE_SCHEME.equals(category.getScheme()))
			.map(Category::getTerm)
			.findFirst()
			.orElse("");
	}

}
