"""Incidents and their role fillers (who did it, to whom, to what, with what) in English news.

A trained extractor in the MUC-4 style: does the report describe an attack, of which types,
and which noun phrases fill five roles. Built by `scripts/train_roles.py` from the MUC-4
training set (Latin-American terrorism, 1988-1990); scored by `benchmarks/muc4/run.py`
with the GTT template metric.

Event types (`Incident.type`) and how they map onto MUC-4, GTD attack types and ACLED event
types: sub-event types (ERV = Explosions/Remote violence, VAC = Violence against civilians,
SD = Strategic developments):

| ours                 | MUC-4       | GTD                       | ACLED                           |
|----------------------|-------------|---------------------------|---------------------------------|
| bombing              | bombing     | 3 Bombing/Explosion       | ERV: Remote explosive/landmine/ |
|                      |             |                           | IED, Grenade, Suicide bomb      |
| armed_assault        | attack      | 2 Armed Assault           | VAC: Attack; Battles: Armed     |
|                      |             | (8 Unarmed Assault)       | clash                           |
| assassination        | attack      | 1 Assassination           | VAC: Attack (targeted killing)  |
| kidnapping           | kidnapping  | 6 Hostage Taking (Kidnap- | VAC: Abduction/forced           |
|                      |             | ping), 5 (Barricade), 4   | disappearance                   |
|                      |             | Hijacking                 |                                 |
| arson                | arson       | 7 Facility/Infrastructure | SD: Looting/property destruction|
| robbery              | robbery     | none                      | SD: Looting/property destruction|
| forced_work_stoppage | forced work | none                      | SD: Other (an armed strike)     |
|                      | stoppage    |                           |                                 |
| attack               | attack      | 9 Unknown                 | VAC: Attack                     |
| other                | (none)      | none                      | Protests, Riots, SD: Agreement, |
|                      |             |                           | Arrests...                      |

The models predict MUC-4's six types; "attack" is then refined from the report's words:
assassination if it speaks of assassination or murder, armed_assault if of shooting, gunmen
or an ambush, else attack. "other" is there for later stages: this extractor returns no
incident, rather than an "other" one, for a text that reports none.

Method. spaCy's small English pipeline parses a lower-cased copy of the text of the same
length, so offsets hold (its NER is skipped: slow, and weak on lower case; its attribute
ruler and lemmatizer are replaced by a tag map and a memo of the lemmatizer's answers; its
layers multiply matrices with numpy's BLAS rather than blis, three times faster here).
Candidates are noun-phrase spans (noun
chunks and their suffixes, chunks with a prepositional phrase, runs of proper nouns, single
nouns) grouped by their normalised string. Three logistic-regression layers, then trees:
1. sentences: is this where the incident is told (lemmas, trigger words and their
   syntactic arguments, position);
2. the document: P(any incident) and P(each type), from lemmas, lead lemmas, trigger
   counts and the sentence scores;
3. candidates, one model per role: head, words, syntactic governor and path to a verb
   (also by word class: the agent of any attack verb, whoever claims or is blamed),
   neighbouring words, nearest trigger of each type, position, frequency, whether an
   acronym and its long form both occur, pooled over the occurrences; each feature again
   weighted by the event score of its likeliest sentence, so a pattern counts more where
   the incident is told;
4. the document again, gradient-boosted trees over the three layers' scores (the best
   candidates of each role, the event sentences, triggers in them): whether the report
   tells of an incident, and of which types, is the decision that costs most, and a
   report that names a likely victim or target tells of one more surely than its words.
   Its scores are averaged with the linear document layer's (`Models.blend`): steadier.
Then one incident per predicted type; fillers above a per-role threshold (and above a
share of the role's best score in the report), a few per role at most, nested and/or
acronym variants of a better one dropped (the first occurrence stands for the filler);
each filler to the incident whose trigger words lie nearest (perpetrators, or all,
optionally to every incident). The weights are learned from the MUC-4 training split;
thresholds and options are tuned for the GTT metric on its out-of-fold predictions and
the dev split's predictions together. The weights are plain
tables (`data/roles_model.npz`, `data/roles_config.json`): run time needs numpy and
spaCy, not scikit-learn.

Modules: `schema` (roles, types, records), `features` (candidates and features), `model`
(the layers and their file), `decide` (scores to incidents), `extractor` (spaCy and the
public `RoleExtractor`).
"""

from storyline.extract.roles.decide import DEFAULT_DECISIONS, decide, to_muc_events
from storyline.extract.roles.extractor import RoleExtractor, load_spacy
from storyline.extract.roles.features import (
    Analysis,
    Candidate,
    analyse,
    candidate_features,
    doc_stack_features,
    incident_features,
)
from storyline.extract.roles.model import ForestModel, LinearModel, Models
from storyline.extract.roles.schema import (
    CONFIG_PATH,
    DATA,
    EVENT_TYPES,
    FROM_MUC,
    MODEL_PATH,
    MUC_TYPES,
    PERPETRATORS,
    ROLES,
    SPACY_MODEL,
    TO_MUC,
    TRAIN_COMMAND,
    TRIGGERS,
    Incident,
    RoleFiller,
    lower_same_length,
    normalize,
)

__all__ = [
    "CONFIG_PATH",
    "DATA",
    "DEFAULT_DECISIONS",
    "EVENT_TYPES",
    "FROM_MUC",
    "MODEL_PATH",
    "MUC_TYPES",
    "PERPETRATORS",
    "ROLES",
    "SPACY_MODEL",
    "TO_MUC",
    "TRAIN_COMMAND",
    "TRIGGERS",
    "Analysis",
    "Candidate",
    "ForestModel",
    "Incident",
    "LinearModel",
    "Models",
    "RoleExtractor",
    "RoleFiller",
    "analyse",
    "candidate_features",
    "decide",
    "doc_stack_features",
    "incident_features",
    "load_spacy",
    "lower_same_length",
    "normalize",
    "to_muc_events",
]
