package org.solidarityalerts.dispatch.mail;

import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.Mails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own words follow the reader's language, with that language's plurals and
 * direction, whatever language the alert's content falls back to.
 */
class MultilingualMailTests {

	/** The deadline of {@link AlertRenderingTests#full()}. */
	private static final Instant DEADLINE = Instant.parse("2026-11-25T05:00:00Z");

	private final MailComposer composer = MailInjectionTests.composer();

	@Test
	void aRussianReaderGetsTheServicesWordsInRussianWithRussianPlurals() throws Exception {
		Recipient reader = reader(List.of("ru"), "KZ", "Asia/Almaty");

		String fiveDays = text(render(reader, 5));
		assertThat(fiveDays).startsWith("Здравствуйте, Reader!")
			.contains("Что изменилось")
			.contains("Что вы можете сделать")
			.contains("Крайний срок — ")
			.contains("осталось 5 дней")
			.contains("Начните письмо так: SALUTATION-MARK")
			.contains("Изменить подписку: https://a.test/preferences/")
			.doesNotContain("What you can do", "days left", "Begin your letter", "Unsubscribe");
		assertThat(text(render(reader, 1))).contains("остался 1 день");
		assertThat(text(render(reader, 2))).contains("осталось 2 дня");
		assertThat(text(render(reader, 21))).contains("остался 21 день");
		assertThat(Mails.html(render(reader, 5))).contains("<html lang=\"ru\" dir=\"ltr\">")
			.contains("<p style=\"font-size: 1.1em;\" lang=\"en\" dir=\"ltr\">SUMMARY-MARK</p>");
	}

	@Test
	void aKazakhReaderGetsTheServicesWordsInKazakhThoughTheAlertIsNotInKazakh() throws Exception {
		Recipient reader = reader(List.of("kk", "ru"), "KZ", "Asia/Almaty");

		MimeMessage message = render(reader, 5);
		assertThat(text(message)).startsWith("Құрметті Reader!")
			.contains("Сіз не істей аласыз")
			.contains("Соңғы мерзім — ")
			.contains("5 күн қалды")
			.contains("Хатты былай бастаңыз:")
			.doesNotContain("What you can do", "days left", "осталось");
		assertThat(text(render(reader, 1))).contains("1 күн қалды");
		assertThat(message.getHeader("Content-Language", null)).isEqualTo("kk, en");
		assertThat(Mails.html(message)).contains("<html lang=\"kk\" dir=\"ltr\">");
	}

	@Test
	void anArabicReaderGetsARightToLeftMailWithLeftToRightNamesIsolated() throws Exception {
		Recipient reader = reader(List.of("ar"), "GB", "Europe/London");

		MimeMessage message = render(reader, 5);
		String text = text(message);
		assertThat(text).startsWith("عزيزتي/عزيزي \u2068Reader\u2069،")
			.contains("ما يمكنك فعله")
			.contains("بقيت 5 أيام")
			.contains("اكتب إلى \u2068TITLE-OF-TARGET-MARK, NAME-MARK, ORG-MARK\u2069")
			.contains("ابدأ رسالتك بـ: \u2068SALUTATION-MARK Your Honour\u2069")
			.contains("غيّر ما يصلك: \u2068https://a.test/preferences/")
			.contains("   \u2068https://petition.example.org/p\u2069")
			.doesNotContain("What you can do", "days left");
		assertThat(text(render(reader, 1))).contains("بقي يوم واحد");
		assertThat(text(render(reader, 2))).contains("بقي يومان");
		assertThat(text(render(reader, 11))).contains("بقي 11 يومًا");
		String html = Mails.html(message);
		assertThat(html).contains("<html lang=\"ar\" dir=\"rtl\">")
			.contains("<h1 style=\"font-size: 1.5em;\" dir=\"auto\">تحديث: \u2068TITLE-MARK\u2069</h1>")
			.as("the English content keeps its own direction")
			.contains("<p style=\"font-size: 1.1em;\" lang=\"en\" dir=\"ltr\">SUMMARY-MARK</p>")
			.contains("<span dir=\"auto\">ADDRESS-MARK</span>")
			.contains("<a dir=\"ltr\" href=\"https://petition.example.org/p\"");
	}

	@Test
	void aPersianReadersDigestIsRightToLeftWithPersianPluralsAndDigits() throws Exception {
		Recipient reader = reader(List.of("fa", "en"), "DE", "Europe/Berlin");

		MimeMessage digest = MailInjectionTests.received(
				this.composer
					.composeDigest(reader, List.of(AlertRenderingTests.full(), AlertRenderingTests.full()), "digest-1",
							DEADLINE.minusSeconds(5 * 86_400L))
					.message());

		assertThat(digest.getSubject()).isEqualTo("فراخوان\u200cهای همبستگی: ۲ فراخوان");
		assertThat(text(digest)).startsWith("\u2068Reader\u2069 گرامی،")
			.contains("۵ روز مانده است")
			.contains("لغو اشتراک: \u2068https://a.test/unsubscribe/");
		assertThat(Mails.html(digest)).contains("<html lang=\"fa\" dir=\"rtl\">")
			.contains("<p lang=\"en\" dir=\"ltr\">SUMMARY-MARK</p>");
	}

	@Test
	void aReaderWhoseLanguagesTheServiceDoesNotSpeakGetsEnglish() throws Exception {
		String text = text(render(reader(List.of("hy"), "AM", "Asia/Yerevan"), 5));

		assertThat(text).startsWith("Dear Reader,").contains("What you can do").contains("5 days left");
	}

	@Test
	void batchesOfOneFanOutEitherSideOfTheReadersMidnightEachCountTheirDaysLeft() throws Exception {
		AlertEvent event = AlertRenderingTests.full();
		Recipient reader = reader(List.of("ru"), "KZ", "Asia/Almaty");
		Recipient other = reader(List.of("ru"), "KZ", "Asia/Almaty");
		// Almaty is five hours ahead of UTC: 18:59 and 19:01 UTC are either side of its
		// midnight.
		Instant beforeMidnight = Instant.parse("2026-11-19T18:59:00Z");
		Instant afterMidnight = Instant.parse("2026-11-19T19:01:00Z");

		String first = text(MailInjectionTests
			.received(this.composer.letters(event, beforeMidnight).compose(reader, null).message()));
		String later = text(MailInjectionTests
			.received(this.composer.letters(event, afterMidnight).compose(other, null).message()));

		assertThat(first).contains("осталось 6 дней");
		assertThat(later).contains("осталось 5 дней");
	}

	/** The alert, sent the given number of days before its deadline. */
	/**
	 * A date is written as the reader's locale writes it (CLDR, through ICU4J), with the
	 * same digits as the days left beside it: in Iran in the Solar Hijri calendar, with
	 * the Gregorian date beside it; Persian in Germany in the Gregorian calendar with
	 * Persian digits; Arabic in Egypt with Arabic-Indic digits.
	 */
	@Test
	void datesAreWrittenWithTheReadersDigitsAndCalendar() throws Exception {
		String inIran = text(render(reader(List.of("fa"), "IR", "Asia/Tehran"), 5));
		String inGermany = text(render(reader(List.of("fa"), "DE", "Europe/Berlin"), 5));
		String inEgypt = text(render(reader(List.of("ar"), "EG", "Africa/Cairo"), 5));

		// 05:00 UTC on 25 November 2026 is 08:30 in Tehran, on 4 Azar 1405.
		assertThat(inIran)
			.contains("تا \u2068چهارشنبه ۴ آذر ۱۴۰۵ ساعت ۸:۳۰ (۲۵ نوامبر ۲۰۲۶)\u2069 (\u2068وقت ایران\u2069)")
			.contains("۵ روز مانده است");
		assertThat(inGermany).contains("تا \u2068چهارشنبه ۲۵ نوامبر ۲۰۲۶ ساعت ۶:۰۰\u2069").doesNotContain("آذر");
		assertThat(inEgypt).contains("تحرّك قبل \u2068الأربعاء، ٢٥ نوفمبر ٢٠٢٦ في ٧:٠٠ ص\u2069")
			.contains("بقيت ٥ أيام");
		assertThat(List.of(inIran, inGermany, inEgypt)).as("no Latin digit in the deadline's line")
			.allSatisfy((text) -> assertThat(text.lines().filter((line) -> line.contains("\u2069 (\u2068")))
				.singleElement(InstanceOfAssertFactories.STRING)
				.doesNotContainPattern("[0-9]"));
	}

	private MimeMessage render(Recipient reader, int daysBefore) throws Exception {
		AlertEvent event = AlertRenderingTests.full();
		Instant now = DEADLINE.minusSeconds(daysBefore * 86_400L);
		return MailInjectionTests.received(this.composer.compose(event, reader, null, now).message());
	}

	private static String text(MimeMessage message) throws Exception {
		return Mails.text(message).replace("\r\n", "\n");
	}

	private static Recipient reader(List<String> languages, String country, String zone) {
		return new Recipient(SubscriberId.random(), "reader@example.org", "Reader", country, languages, zone,
				SubscriberStatus.CONFIRMED);
	}

}
