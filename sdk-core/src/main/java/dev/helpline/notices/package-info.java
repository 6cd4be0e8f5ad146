/**
 * In-app notices: announcements, maintenance windows and "please update" messages merged from
 * {@link dev.helpline.notices.NoticeSource}s by a {@link dev.helpline.notices.NoticeCenter}, which
 * applies targeting (platform, app version, locale) and remembers across restarts which notices
 * were shown or dismissed.
 */
@NullMarked
package dev.helpline.notices;

import org.jspecify.annotations.NullMarked;
