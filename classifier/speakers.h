/* speakers.h: which speaker a stance model knows each actor by.
 *
 * A stance model trained with cfg.speaker lists in its info the speakers
 * (parties) it saw. An actor of the gazetteer speaks as one of them when its
 * entry is a party (an organisation whose role says "Partei", or one another
 * entry names as its "party") and its name or an alias is one of them; or
 * when its "party" is such a party (a minister), or the party it stands for
 * is (a party's headquarters). Actors found in the text only speak as no
 * one. The table is built once per models and gazetteer and read by all
 * threads. */
#ifndef HT_SPEAKERS_H
#define HT_SPEAKERS_H

#include "classifier/actors.h"
#include "classifier/model.h"
#include "classifier/vectors.h"
#include "features/error.h"

typedef struct ht_speakers ht_speakers;

/* The table for stance's speakers and the gazetteer's entries (g may be
 * NULL: the speakers only). A model without cfg.speaker, or without a list
 * in its info ([[name, records], ...]), gives a table that knows no one.
 * NULL (err set) when out of memory. */
ht_speakers *ht_speakers_new(const ht_model *stance, const ht_gazetteer *g, ht_error *err);
void ht_speakers_free(ht_speakers *sp);
/* The speaker actor a of an analysis over g speaks as, or NULL. */
const ht_speaker *ht_speakers_of(const ht_speakers *sp, const ht_gazetteer *g,
                                 const ht_actor *a);
/* Whether the model saw the speaker of this ht_speaker_hash. */
int ht_speakers_knows(const ht_speakers *sp, uint64_t hash);
/* The name the model knows speaker by (as its training data wrote it,
 * control characters made spaces). */
const char *ht_speaker_name(const ht_speakers *sp, const ht_speaker *speaker);

#endif
