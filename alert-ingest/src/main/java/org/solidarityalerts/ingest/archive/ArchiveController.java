package org.solidarityalerts.ingest.archive;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.AlertArchive;
import org.solidarityalerts.ingest.alert.PublishedAlert;
import org.solidarityalerts.ingest.alert.PublishedAlert.State;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Each campaign's public archive page and Atom feed, and each published alert's page.
 * They show only what the outbox relay has published (never an embargoed alert or a
 * version still waiting), in the alert's default language unless another is asked for
 * with {@code ?lang=}. Every answer carries an ETag and a Last-Modified date, so feed
 * readers polling an unchanged campaign get 304 without a body.
 */
@Controller
@Hidden
class ArchiveController {

	static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,3}");

	private final AlertArchive archive;

	private final IngestProperties.Archive properties;

	private final AtomFeeds feeds = new AtomFeeds();

	ArchiveController(AlertArchive archive, IngestProperties properties) {
		this.archive = archive;
		this.properties = properties.archive();
	}

	@GetMapping("/public/campaigns/{organisation}/{campaign}")
	@Nullable String campaignPage(@PathVariable String organisation, @PathVariable String campaign,
			@RequestParam(required = false) @Nullable String lang, WebRequest request, HttpServletResponse response,
			Model model) {
		List<PublishedAlert> alerts = published(organisation, campaign);
		String language = language(lang);
		if (notModified(request, response, alerts, language)) {
			return null;
		}
		String base = base();
		ArchiveWords.In words = ArchiveWords.in(language);
		model.addAttribute("campaign", alerts.getFirst().alert().campaign());
		model.addAttribute("page", new Page(words.language(), words.direction(), words.word("feed"), null, null));
		model.addAttribute("organisation", organisation);
		model.addAttribute("feedUrl", feedPath(organisation, campaign));
		model.addAttribute("alerts", alerts.stream().map((alert) -> view(alert, language, base)).toList());
		return "archive/campaign";
	}

	@GetMapping("/public/campaigns/{organisation}/{campaign}/feed.atom")
	ResponseEntity<String> campaignFeed(@PathVariable String organisation, @PathVariable String campaign,
			@RequestParam(required = false) @Nullable String lang) {
		List<PublishedAlert> alerts = published(organisation, campaign);
		String language = language(lang);
		String base = base();
		String feed = this.feeds.write(
				new AtomFeeds.Campaign(campaignId(organisation, campaign), alerts.getFirst().alert().campaign().name(),
						organisation, base + campaignPath(organisation, campaign),
						base + feedPath(organisation, campaign)),
				alerts.stream().map((alert) -> view(alert, language, base)).toList());
		// Spring answers 304 itself when the request's If-None-Match or
		// If-Modified-Since matches.
		return ResponseEntity.ok()
			.contentType(ATOM)
			.eTag(etag(alerts, language))
			.lastModified(lastModified(alerts))
			.cacheControl(cacheControl())
			.body(feed);
	}

	@GetMapping("/public/alerts/{id}")
	@Nullable String alertPage(@PathVariable String id, @RequestParam(required = false) @Nullable String lang, WebRequest request,
			HttpServletResponse response, Model model) {
		PublishedAlert alert = parseUuid(id).flatMap(this.archive::alert).orElseThrow(ArchiveController::notFound);
		String language = alert.language(language(lang));
		if (notModified(request, response, List.of(alert), language)) {
			return null;
		}
		String organisation = alert.alert().organisation();
		String campaign = alert.alert().campaign().id();
		AlertEntry entry = view(alert, language, base());
		ArchiveWords.In words = ArchiveWords.in(entry.language());
		model.addAttribute("alert", entry);
		model.addAttribute("page", new Page(words.language(), words.direction(), words.word("feed"),
				words.word("also-in"), words.word("languages")));
		model.addAttribute("campaign", alert.alert().campaign());
		model.addAttribute("campaignUrl", campaignPath(organisation, campaign));
		model.addAttribute("feedUrl", feedPath(organisation, campaign));
		model.addAttribute("languages",
				alert.alert()
					.content()
					.keySet()
					.stream()
					.sorted()
					.filter((other) -> !other.equals(entry.language()))
					.map((other) -> new OtherLanguage(other, ArchiveWords.nameOf(other)))
					.toList());
		return "archive/alert";
	}

	private List<PublishedAlert> published(String organisation, String campaign) {
		if (!SLUG.matcher(organisation).matches() || !SLUG.matcher(campaign).matches()) {
			throw notFound();
		}
		List<PublishedAlert> alerts = this.archive.campaign(organisation, campaign, this.properties.entries());
		if (alerts.isEmpty()) {
			// A campaign with nothing published yet is not public: not even its name.
			throw notFound();
		}
		return alerts;
	}

	private boolean notModified(WebRequest request, HttpServletResponse response, List<PublishedAlert> alerts,
			String language) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl().getHeaderValue());
		return request.checkNotModified(etag(alerts, language), lastModified(alerts).toEpochMilli());
	}

	private CacheControl cacheControl() {
		return CacheControl.maxAge(java.time.Duration.ofSeconds(this.properties.cacheSeconds())).cachePublic();
	}

	AlertEntry view(PublishedAlert alert, @Nullable String lang, String base) {
		String language = alert.language(lang);
		LocalizedContent content = alert.content(language);
		String defaultLanguage = alert.alert().defaultLanguage();
		LocalizedText changeNote = alert.alert().changeNote();
		String note = switch (alert.state()) {
			case CANCELLED -> reason(alert.cancellationReason(), language, defaultLanguage);
			case UPDATED -> (changeNote != null) ? changeNote.in(language, defaultLanguage) : null;
			case PUBLISHED -> null;
		};
		ArchiveWords.In words = ArchiveWords.in(language);
		Instant deadline = alert.alert().deadline();
		Words texts = new Words(words.language(), ArchiveWords.directionOf(language), words.kind(alert.alert().kind()),
				words.word("badge.cancelled"), words.word("badge.updated"),
				Words.around(words.word("meta.published", Words.DATE)),
				Words.around(words.word("meta.updated", Words.DATE)),
				(deadline != null) ? words.word("meta.deadline", words.date(deadline)) : null,
				(note == null) ? null
						: words.word((alert.state() == State.CANCELLED) ? "note.cancelled" : "note.changed", note),
				switch (alert.state()) {
					case CANCELLED -> words.word("note.cancelled", content.title());
					case UPDATED -> words.word("title.updated", content.title());
					case PUBLISHED -> content.title();
				});
		return new AlertEntry(alert.id(), kind(alert), alert.state(), language, content.title(), content.summary(),
				alert.safeBody(language), note, alert.firstPublishedAt(), alert.updatedAt(),
				words.date(alert.firstPublishedAt()), words.date(alert.updatedAt()),
				base + "/public/alerts/" + alert.id(), texts);
	}

	private static String kind(PublishedAlert alert) {
		String name = alert.alert().kind().name().replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	private static @Nullable String reason(Map<String, String> reasons, String language, String defaultLanguage) {
		return (reasons.isEmpty()) ? null : new LocalizedText(reasons).in(language, defaultLanguage);
	}

	private String base() {
		URI configured = this.properties.publicUrl();
		String base = (configured != null) ? configured.toString()
				: ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	private static String campaignPath(String organisation, String campaign) {
		return "/public/campaigns/" + organisation + "/" + campaign;
	}

	private static String feedPath(String organisation, String campaign) {
		return campaignPath(organisation, campaign) + "/feed.atom";
	}

	/**
	 * A campaign feed's id: the same wherever the service is reached from, and never that
	 * of another organisation's campaign of the same slug.
	 */
	static String campaignId(String organisation, String campaign) {
		return "urn:uuid:" + UUID.nameUUIDFromBytes(
				("solidarity-alerts:campaign:" + organisation + "/" + campaign).getBytes(StandardCharsets.UTF_8));
	}

	private static String etag(List<PublishedAlert> alerts, @Nullable String language) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(String.valueOf(language).getBytes(StandardCharsets.UTF_8));
			for (PublishedAlert alert : alerts) {
				digest.update((";" + alert.id() + ":" + alert.alert().version()).getBytes(StandardCharsets.UTF_8));
			}
			return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Instant lastModified(List<PublishedAlert> alerts) {
		return alerts.stream().map(PublishedAlert::updatedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
	}

	private static @Nullable String language(@Nullable String lang) {
		return (lang != null && LANGUAGE.matcher(lang).matches()) ? lang : null;
	}

	private static Optional<String> parseUuid(String id) {
		try {
			return Optional.of(UUID.fromString(id).toString());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

	/**
	 * One alert as the archive shows it.
	 *
	 * @param id the alert's id
	 * @param kind its kind, in English: the feed's category term
	 * @param state published, updated or cancelled
	 * @param language the language shown
	 * @param title its title
	 * @param summary its summary
	 * @param safeBody its body as sanitised HTML, or null
	 * @param note the update's change note or the cancellation's reason, or null
	 * @param published when it was first published
	 * @param updated when its latest published version was published
	 * @param publishedText {@code published}, readable in the words' language
	 * @param updatedText {@code updated}, readable in the words' language
	 * @param url its public page
	 * @param words the archive's words around it, in its language where the archive
	 * speaks it
	 * @param cancelled whether it was cancelled
	 * @param updatedVersion whether its latest version is an update
	 */
	record AlertEntry(String id, String kind, State state, String language, String title, String summary,
			@Nullable String safeBody, @Nullable String note, Instant published, Instant updated, String publishedText,
			String updatedText, String url, Words words, boolean cancelled, boolean updatedVersion) {

		AlertEntry(String id, String kind, State state, String language, String title, String summary,
				@Nullable String safeBody, @Nullable String note, Instant published, Instant updated,
				String publishedText, String updatedText, String url, Words words) {
			this(id, kind, state, language, title, summary, safeBody, note, published, updated, publishedText,
					updatedText, url, words, state == State.CANCELLED, state == State.UPDATED);
		}

	}

	/**
	 * The archive's words around one alert.
	 *
	 * @param language their language
	 * @param direction the direction of the alert's own language ({@code rtl} or
	 * {@code ltr})
	 * @param kind its kind
	 * @param cancelledBadge the badge of a cancelled alert
	 * @param updatedBadge the badge of an updated one
	 * @param published the words before and after its publication date
	 * @param updated the words before and after its update's date
	 * @param deadline its deadline, with its label, or null
	 * @param note its change note or cancellation reason, with its label, or null
	 * @param feedTitle its title in the feed, saying whether it was updated or cancelled
	 */
	record Words(String language, String direction, String kind, String cancelledBadge, String updatedBadge,
			Around published, Around updated, @Nullable String deadline, @Nullable String note, String feedTitle) {

		/** Where a date goes in a sentence, split around it. */
		static final String DATE = "\u0000";

		static Around around(String sentence) {
			int at = sentence.indexOf(DATE);
			return new Around(sentence.substring(0, at), sentence.substring(at + DATE.length()));
		}

		/**
		 * The words before and after a date.
		 *
		 * @param before before it
		 * @param after after it
		 */
		record Around(String before, String after) {
		}

	}

	/**
	 * The page's own words.
	 *
	 * @param language their language
	 * @param direction their direction
	 * @param feed the link to the campaign's feed
	 * @param alsoIn the label of the links to other languages, on an alert's page
	 * @param languages the name of those links, on an alert's page
	 */
	record Page(String language, String direction, String feed, @Nullable String alsoIn, @Nullable String languages) {
	}

	/**
	 * Another language an alert is in.
	 *
	 * @param tag its tag
	 * @param name its name in itself
	 */
	record OtherLanguage(String tag, String name) {
	}

}
