package org.solidarityalerts.ingest.webhook;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.IngestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoints must be https, unless the local setting allows http; retries back off,
 * doubling, up to the maximum.
 */
class WebhookUrlsTests {

	@Test
	void anEndpointMustBeHttpsUnlessHttpIsAllowed() {
		assertThat(WebhookUrls.problem("https://hooks.example.org/solidarity", false)).isNull();
		assertThat(WebhookUrls.problem("http://hooks.example.org/solidarity", false)).contains("https://");
		assertThat(WebhookUrls.problem("http://127.0.0.1:8099/hook", true)).isNull();
		assertThat(WebhookUrls.problem("ftp://hooks.example.org/", true)).contains("https://");
		assertThat(WebhookUrls.problem("https://user:secret@hooks.example.org/", false)).contains("credentials");
		assertThat(WebhookUrls.problem("https:///no-host", false)).contains("host");
		assertThat(WebhookUrls.problem("https://hooks.example.org/#top", false)).contains("fragment");
		assertThat(WebhookUrls.problem("not a url", false)).isNotNull();
		assertThat(WebhookUrls.problem(null, false)).contains("required");
		assertThat(WebhookUrls.problem("https://hooks.example.org/" + "a".repeat(2000), false)).contains("2000");
	}

	@Test
	void retriesBackOffDoublingUpToTheMaximum() {
		IngestProperties.Webhooks settings = new IngestProperties.Webhooks(false, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 12, Duration.ofMinutes(1), 10);

		assertThat(WebhookSender.backoff(1, settings)).isEqualTo(Duration.ofSeconds(30));
		assertThat(WebhookSender.backoff(2, settings)).isEqualTo(Duration.ofMinutes(1));
		assertThat(WebhookSender.backoff(3, settings)).isEqualTo(Duration.ofMinutes(2));
		assertThat(WebhookSender.backoff(4, settings)).isEqualTo(Duration.ofMinutes(4));
		assertThat(WebhookSender.backoff(5, settings)).isEqualTo(Duration.ofMinutes(5));
		assertThat(WebhookSender.backoff(11, settings)).isEqualTo(Duration.ofMinutes(5));
	}

}
