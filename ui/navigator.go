package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"factdesk/annotate"
)

// navView is what the navigator shows: stories in order and, per story, the
// articles listed under it.
type navView struct {
	stories  []annotate.Story
	articles map[int64][]annotate.Article
}

// filterNav keeps the stories and articles that match query, case-folded
// and word by word: a story stays with all its articles when its name
// matches every word; otherwise it stays with the articles whose outlet,
// title or date match every word. An empty query keeps everything.
func filterNav(stories []annotate.Story, articles map[int64][]annotate.Article, query string) navView {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return navView{stories: stories, articles: articles}
	}
	matches := func(s string) bool {
		s = strings.ToLower(s)
		for _, w := range words {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}
	v := navView{articles: make(map[int64][]annotate.Article)}
	for _, st := range stories {
		if matches(st.Name) {
			v.stories = append(v.stories, st)
			v.articles[st.ID] = articles[st.ID]
			continue
		}
		var keep []annotate.Article
		for _, a := range articles[st.ID] {
			if matches(a.Outlet + " " + a.Title + " " + formatDate(a) + " " + st.Name) {
				keep = append(keep, a)
			}
		}
		if len(keep) > 0 {
			v.stories = append(v.stories, st)
			v.articles[st.ID] = keep
		}
	}
	return v
}

// formatDate is an article's publication date, or "" when unknown.
func formatDate(a annotate.Article) string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.Format(annotate.DateLayout)
}

// Tree node ids: "s<story id>" for stories, "a<article id>" for articles.
func storyNode(id int64) widget.TreeNodeID   { return "s" + strconv.FormatInt(id, 10) }
func articleNode(id int64) widget.TreeNodeID { return "a" + strconv.FormatInt(id, 10) }

// parseNode splits a node id into its kind ('s' or 'a') and row id.
func parseNode(uid widget.TreeNodeID) (byte, int64) {
	if len(uid) < 2 {
		return 0, 0
	}
	id, err := strconv.ParseInt(uid[1:], 10, 64)
	if err != nil {
		return 0, 0
	}
	return uid[0], id
}

// noStories is what an empty navigator says.
const noStories = "No stories yet.\nImport articles with File → Import,\nor drop files on the window."

// navigator lists stories and their articles, with a filter box.
type navigator struct {
	filter *widget.Entry
	tree   *widget.Tree
	empty  *widget.RichText
	obj    fyne.CanvasObject

	stories  []annotate.Story
	articles map[int64][]annotate.Article
	byID     map[int64]annotate.Article
	view     navView

	// selecting is set while the window selects a node itself, so that the
	// tree's callback does not act on it again.
	selecting bool

	// emptyText is shown when the store holds no story.
	emptyText string

	onStory   func(storyID int64)
	onArticle func(a annotate.Article)
}

func newNavigator(onStory func(int64), onArticle func(annotate.Article)) *navigator {
	n := &navigator{onStory: onStory, onArticle: onArticle, articles: map[int64][]annotate.Article{}, emptyText: noStories}
	n.filter = widget.NewEntry()
	n.filter.SetPlaceHolder("Filter stories and articles")
	n.filter.ActionItem = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { n.filter.SetText("") })
	n.filter.OnChanged = func(string) { n.apply() }

	n.tree = widget.NewTree(n.children, n.isBranch, n.create, n.update)
	n.tree.OnSelected = n.selected
	n.empty = newHint(noStories)
	n.empty.Hide()

	heading := widget.NewLabelWithStyle("Stories", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.obj = container.NewBorder(container.NewVBox(heading, n.filter), nil, nil, nil,
		container.NewStack(n.tree, container.NewPadded(n.empty)))
	return n
}

// set replaces the navigator's content, keeping the selection and the open
// branches where they still exist.
func (n *navigator) set(stories []annotate.Story, articles map[int64][]annotate.Article) {
	n.stories, n.articles = stories, articles
	n.byID = make(map[int64]annotate.Article)
	for _, arts := range articles {
		for _, a := range arts {
			n.byID[a.ID] = a
		}
	}
	n.apply()
}

// setEmptyText changes what the navigator says while the store is empty
// ("Loading…" while it is being filled), and shows it.
func (n *navigator) setEmptyText(s string) {
	n.emptyText = s
	n.apply()
}

// apply refilters and redraws the tree.
func (n *navigator) apply() {
	n.view = filterNav(n.stories, n.articles, n.filter.Text)
	if strings.TrimSpace(n.filter.Text) != "" {
		for _, s := range n.view.stories {
			n.tree.OpenBranch(storyNode(s.ID))
		}
	}
	if len(n.stories) == 0 {
		setQuiet(n.empty, n.emptyText)
		n.empty.Show()
	} else if len(n.view.stories) == 0 {
		setQuiet(n.empty, "Nothing matches the filter.")
		n.empty.Show()
	} else {
		n.empty.Hide()
	}
	n.tree.Refresh()
}

// article looks an article up by id among those listed.
func (n *navigator) article(id int64) (annotate.Article, bool) {
	a, ok := n.byID[id]
	return a, ok
}

// story looks a story up by id.
func (n *navigator) story(id int64) (annotate.Story, bool) {
	for _, s := range n.stories {
		if s.ID == id {
			return s, true
		}
	}
	return annotate.Story{}, false
}

// selectNode selects and reveals a node without firing the callbacks.
func (n *navigator) selectNode(uid widget.TreeNodeID) {
	n.selecting = true
	defer func() { n.selecting = false }()
	switch kind, id := parseNode(uid); kind {
	case 'a':
		if a, ok := n.byID[id]; ok {
			n.tree.OpenBranch(storyNode(a.StoryID))
		}
	case 's':
		n.tree.OpenBranch(uid)
	}
	n.tree.Select(uid)
	n.tree.ScrollTo(uid)
}

func (n *navigator) selected(uid widget.TreeNodeID) {
	if n.selecting {
		return
	}
	switch kind, id := parseNode(uid); kind {
	case 's':
		n.tree.OpenBranch(uid)
		if n.onStory != nil {
			n.onStory(id)
		}
	case 'a':
		if a, ok := n.byID[id]; ok && n.onArticle != nil {
			n.onArticle(a)
		}
	}
}

func (n *navigator) children(uid widget.TreeNodeID) []widget.TreeNodeID {
	if uid == "" {
		ids := make([]widget.TreeNodeID, len(n.view.stories))
		for i, s := range n.view.stories {
			ids[i] = storyNode(s.ID)
		}
		return ids
	}
	kind, id := parseNode(uid)
	if kind != 's' {
		return nil
	}
	arts := n.view.articles[id]
	ids := make([]widget.TreeNodeID, len(arts))
	for i, a := range arts {
		ids[i] = articleNode(a.ID)
	}
	return ids
}

func (n *navigator) isBranch(uid widget.TreeNodeID) bool {
	kind, _ := parseNode(uid)
	return uid == "" || kind == 's'
}

// create makes a row template. A story row is its name and article count;
// an article row is two lines: outlet and date, then the title.
func (n *navigator) create(branch bool) fyne.CanvasObject {
	lead := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lead.Truncation = fyne.TextTruncateEllipsis
	trail := newQuietText(false).RichText
	if branch {
		return container.NewBorder(nil, nil, nil, trail, lead)
	}
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	return container.New(&tightVBox{}, container.NewBorder(nil, nil, nil, trail, lead), title)
}

func (n *navigator) update(uid widget.TreeNodeID, branch bool, obj fyne.CanvasObject) {
	c := obj.(*fyne.Container)
	kind, id := parseNode(uid)
	if branch {
		lead, trail := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.RichText)
		s, _ := n.story(id)
		lead.SetText(s.Name)
		setQuiet(trail, strconv.Itoa(s.Articles))
		return
	}
	if kind != 'a' {
		return
	}
	line := c.Objects[0].(*fyne.Container)
	lead, trail := line.Objects[0].(*widget.Label), line.Objects[1].(*widget.RichText)
	title := c.Objects[1].(*widget.Label)
	a := n.byID[id]
	lead.SetText(a.Outlet)
	setQuiet(trail, formatDate(a))
	title.SetText(articleTitle(a))
}

// articleTitle is an article's title, or a stand-in when it has none.
func articleTitle(a annotate.Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return fmt.Sprintf("Untitled (%s)", a.Outlet)
}
