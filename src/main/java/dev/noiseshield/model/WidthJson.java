package dev.noiseshield.model;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A width as checkpoints, jobs and model.json write it: whole ones as integers ({@link
 * Width.AsJson}), as they were before widths could be fractional.
 */
// the places a record component's annotation is copied to, where Jackson reads it
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonSerialize(using = Width.AsJson.class)
public @interface WidthJson {}
