package org.ponderlab.core.lesson;

/**
 * One short page of a lesson.
 *
 * @param title a few words
 * @param text two to four sentences: what the model is, what to press, what to watch
 * @param chart the chart to watch (the window highlights it), or null
 * @param question a question for the student, or null
 */
public record LessonPage(String title, String text, LessonChart chart, String question) {}
