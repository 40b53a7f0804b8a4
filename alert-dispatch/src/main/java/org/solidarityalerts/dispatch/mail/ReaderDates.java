package org.solidarityalerts.dispatch.mail;

import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Locale;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.SimpleDateFormat;
import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.SimpleTimeZone;
import com.ibm.icu.util.ULocale;

/**
 * Dates and times as a reader's locale writes them, through ICU4J and CLDR, as the
 * service's words are (their plurals and numbers): the same digits in a date as in the
 * days left beside it (Persian digits for Persian, Arabic-Indic ones for Arabic in Egypt
 * or Lebanon), and the calendar the reader's locale uses, the Solar Hijri calendar in
 * Iran and Afghanistan, with the Gregorian date beside it, as an organiser's deadline is
 * set in it. The JDK's formats write Latin digits in every locale, and the Gregorian
 * calendar only.
 */
final class ReaderDates {

	private final ULocale locale;

	private final ULocale gregorian;

	private final boolean otherCalendar;

	private ReaderDates(ULocale locale) {
		this.locale = locale;
		this.gregorian = locale.setKeywordValue("calendar", "gregorian");
		this.otherCalendar = !"gregorian".equals(Calendar.getInstance(locale).getType());
	}

	/**
	 * The formats of a reader's locale.
	 * @param locale the reader's locale (language and, if known, the country they live
	 * in, which decides the calendar)
	 * @return its formats
	 */
	static ReaderDates of(Locale locale) {
		return new ReaderDates(ULocale.forLocale(locale));
	}

	/**
	 * A day, written in full (with its weekday).
	 * @param when the day, at the time of day and offset the reader's clock shows
	 * @return the date
	 */
	String date(ZonedDateTime when) {
		return inTheReadersCalendar(DateFormat.getDateInstance(DateFormat.FULL, this.gregorian), when);
	}

	/**
	 * A day written in full, and a time of day.
	 * @param when the moment, at the offset of the clock it is read on
	 * @return the date and time
	 */
	String dateTime(ZonedDateTime when) {
		return inTheReadersCalendar(DateFormat.getDateTimeInstance(DateFormat.FULL, DateFormat.SHORT, this.gregorian),
				when);
	}

	/**
	 * A time of day.
	 * @param when the moment, at the offset of the clock it is read on
	 * @return the time
	 */
	String time(ZonedDateTime when) {
		return format(DateFormat.getTimeInstance(DateFormat.SHORT, this.locale), when);
	}

	/**
	 * Writes in the locale's own pattern, in its calendar. Where that is not the
	 * Gregorian calendar, the locale's Gregorian pattern is used with the other
	 * calendar's days and months (CLDR's own patterns for the Solar Hijri calendar put
	 * the year first and the weekday last, as no Persian reader writes a date), and the
	 * Gregorian date follows in brackets.
	 */
	private String inTheReadersCalendar(DateFormat gregorianFormat, ZonedDateTime when) {
		if (!this.otherCalendar) {
			return format(gregorianFormat, when);
		}
		String pattern = ((SimpleDateFormat) gregorianFormat).toPattern();
		return format(new SimpleDateFormat(pattern, this.locale), when) + " ("
				+ format(DateFormat.getDateInstance(DateFormat.LONG, this.gregorian), when) + ")";
	}

	/**
	 * Formats at the moment's own offset: the wall-clock time is the JDK's, whatever
	 * ICU's copy of the time zone database says; zone names are not ICU's to write.
	 */
	private static String format(DateFormat format, ZonedDateTime when) {
		format.setTimeZone(new SimpleTimeZone(when.getOffset().getTotalSeconds() * 1000, "reader"));
		return format.format(Date.from(when.toInstant()));
	}

}
