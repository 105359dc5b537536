package annotate

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
)

// ClaimReviewPlaceholder names the reviewing organisation when the sheet
// names none; replace it before publishing.
const ClaimReviewPlaceholder = "Your newsroom"

// claimRatings places a status on ClaimReview's rating scale, from 1 (false)
// to 3 (confirmed).
var claimRatings = map[Status]struct {
	value int
	name  string
}{
	StatusFalse:     {1, "False"},
	StatusDisputed:  {2, "Disputed"},
	StatusConfirmed: {3, "Confirmed"},
}

type claimReviewDoc struct {
	Context string        `json:"@context"`
	Graph   []claimReview `json:"@graph"`
}

type claimReview struct {
	Type          string         `json:"@type"`
	ID            string         `json:"@id"`
	ClaimReviewed string         `json:"claimReviewed"`
	DatePublished string         `json:"datePublished,omitempty"`
	Author        crOrganization `json:"author"`
	ReviewRating  crRating       `json:"reviewRating"`
	ReviewBody    string         `json:"reviewBody,omitempty"`
	ItemReviewed  crClaim        `json:"itemReviewed"`
}

type crOrganization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type crRating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue"`
	BestRating    int    `json:"bestRating"`
	WorstRating   int    `json:"worstRating"`
	AlternateName string `json:"alternateName"`
}

type crClaim struct {
	Type            string   `json:"@type"`
	Appearance      []crWork `json:"appearance,omitempty"`
	FirstAppearance *crWork  `json:"firstAppearance,omitempty"`
}

type crWork struct {
	Type          string          `json:"@type"`
	URL           string          `json:"url"`
	Headline      string          `json:"headline,omitempty"`
	DatePublished string          `json:"datePublished,omitempty"`
	Publisher     *crOrganization `json:"publisher,omitempty"`
}

// WriteClaimReview writes schema.org ClaimReview JSON-LD for the facts rated
// confirmed, disputed or false (unverified facts are left out): one
// ClaimReview per fact in an @graph, with claimReviewed the fact's text,
// reviewRating on a 1 (false) to 3 (confirmed) scale with the status as
// alternateName, the note as reviewBody, and itemReviewed a Claim whose
// appearances are the supporting articles that have a URL, the earliest as
// firstAppearance. datePublished is the sheet's generation date; author is
// the sheet's Organization, or ClaimReviewPlaceholder. The JSON escapes <, >
// and &, so it can go in a <script type="application/ld+json"> element
// as is.
func WriteClaimReview(w io.Writer, fs FactSheet) error {
	doc := claimReviewDoc{Context: "https://schema.org", Graph: []claimReview{}}
	org := fs.Organization
	if org == "" {
		org = ClaimReviewPlaceholder
	}
	sources := make(map[int64]SheetSource, len(fs.Sources))
	for _, s := range fs.Sources {
		sources[s.ArticleID] = s
	}
	for _, f := range fs.Facts {
		r, ok := claimRatings[f.Status]
		if !ok {
			continue
		}
		cr := claimReview{
			Type: "ClaimReview", ID: "urn:factdesk:fact:" + strconv.FormatInt(f.ID, 10),
			ClaimReviewed: f.Text, Author: crOrganization{Type: "Organization", Name: org},
			ReviewRating: crRating{Type: "Rating", RatingValue: r.value, BestRating: 3, WorstRating: 1, AlternateName: r.name},
			ReviewBody:   f.Note,
			ItemReviewed: crClaim{Type: "Claim"},
		}
		if !fs.Footer.GeneratedAt.IsZero() {
			cr.DatePublished = fs.Footer.GeneratedAt.UTC().Format(DateLayout)
		}
		var seen []int64
		var firstDate string
		for _, e := range f.Supporting {
			s, ok := sources[e.ArticleID]
			if !ok || s.URL == "" || slices.Contains(seen, e.ArticleID) {
				continue
			}
			seen = append(seen, e.ArticleID)
			cw := crWork{Type: "CreativeWork", URL: s.URL, Headline: s.Title,
				Publisher: &crOrganization{Type: "Organization", Name: s.Outlet}}
			if !s.Published.IsZero() {
				cw.DatePublished = s.Published.Format(DateLayout)
			}
			cr.ItemReviewed.Appearance = append(cr.ItemReviewed.Appearance, cw)
			if cw.DatePublished != "" && (firstDate == "" || cw.DatePublished < firstDate) {
				firstDate = cw.DatePublished
				first := cw
				cr.ItemReviewed.FirstAppearance = &first
			}
		}
		doc.Graph = append(doc.Graph, cr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
