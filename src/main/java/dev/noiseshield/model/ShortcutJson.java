package dev.noiseshield.model;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A shortcut as checkpoints, jobs and model.json write it: absent where it is the default ({@link
 * Shortcut.DefaultFilter}), as every file was before shortcuts could be chosen.
 */
// the places a record component's annotation is copied to, where Jackson reads it
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Shortcut.DefaultFilter.class)
public @interface ShortcutJson {}
