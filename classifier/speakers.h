/* speakers.h: which speaker a stance model knows each actor by.
 *
 * A stance model trained with cfg.speaker lists in its info the speakers
 * (parties) it saw. An actor speaks as one of them when its gazetteer entry's
 * name or an alias is one (the entry "SPD"), or else its party's ("party":
 * "SPD" for a minister), or, for an actor the gazetteer does not know, when
 * its own name is. The table is built once per models and gazetteer and read
 * by all threads. */
#ifndef HT_SPEAKERS_H
#define HT_SPEAKERS_H

#include "classifier/actors.h"
#include "classifier/model.h"
#include "classifier/vectors.h"
#include "features/error.h"

typedef struct ht_speakers ht_speakers;

/* The table for stance's speakers and the gazetteer's entries. A model
 * without cfg.speaker, or without a list in its info, gives a table that
 * knows no one. NULL (err set) when out of memory or when the list is not
 * what train writes ([[name, records], ...]). */
ht_speakers *ht_speakers_new(const ht_model *stance, const ht_gazetteer *g, ht_error *err);
void ht_speakers_free(ht_speakers *sp);
/* The speaker actor a of an analysis over g speaks as, or NULL. */
const ht_speaker *ht_speakers_of(const ht_speakers *sp, const ht_gazetteer *g,
                                 const ht_actor *a);
/* The name the model knows speaker by (as its training data wrote it). */
const char *ht_speaker_name(const ht_speakers *sp, const ht_speaker *speaker);

#endif
