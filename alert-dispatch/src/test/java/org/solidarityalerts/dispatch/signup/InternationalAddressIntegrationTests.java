package org.solidarityalerts.dispatch.signup;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;
import org.solidarityalerts.testsupport.TestInfrastructure;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.Web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-up through a relay that does not announce SMTPUTF8 (RFC 6531), as many do: an
 * address with an internationalised domain is taken and confirmed through the domain's
 * A-label; one whose mailbox name is not ASCII is refused at once with a plain message,
 * since no mail could reach it.
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"server.forward-headers-strategy=native", "alert.dispatch.mail.public-url=https://alerts.test" })
@Import({ TestInfrastructure.Data.class, InternationalAddressIntegrationTests.RelayWithoutSmtpUtf8.class })
class InternationalAddressIntegrationTests {

	@Autowired
	ScriptedSmtpServer smtp;

	@LocalServerPort
	int port;

	@Test
	void aMailboxNameThatIsNotAsciiIsRefusedAtSignUpWhenTheRelayCannotCarryIt() {
		HttpResponse<String> answer = Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()),
				"алия@example.org");

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("\"email\"").contains("outside the basic Latin alphabet");
	}

	@Test
	void anInternationalisedDomainIsTakenAndItsConfirmationSentToTheALabel() {
		HttpResponse<String> answer = Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()),
				"lucia@exämple.org");

		assertThat(answer.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.smtp.envelopeSenders("lucia@xn--exmple-cua.org")).hasSize(1));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RelayWithoutSmtpUtf8 {

		@Bean(destroyMethod = "close")
		ScriptedSmtpServer scriptedSmtpServer() {
			return new ScriptedSmtpServer();
		}

		@Bean(destroyMethod = "close")
		TcpProxy relayWithoutSmtpUtf8(ScriptedSmtpServer scriptedSmtpServer) {
			TcpProxy proxy = new TcpProxy("127.0.0.1", scriptedSmtpServer.port());
			proxy.withhold("250-SMTPUTF8"::equals);
			return proxy;
		}

		@Bean
		DynamicPropertyRegistrar relayProperties(TcpProxy relayWithoutSmtpUtf8) {
			return (registry) -> {
				registry.add("spring.mail.host", () -> "127.0.0.1");
				registry.add("spring.mail.port", relayWithoutSmtpUtf8::port);
			};
		}

	}

}
