import { graphql } from '../gql';
import { caseContext } from '../cases/operations';

// Scheduling: my tasks, my notification settings and calendar feed, and the employer's reminder
// policy with the reminders that could not be delivered.

export const MyTasksDocument = graphql(`
  query MyTasks {
    myTasks {
      caseId
      employee
      kind
      dueOn
      daysLeft
      overdue
    }
  }
`);

export const NotificationSettingsDocument = graphql(`
  query NotificationSettings {
    notificationSettings {
      advanceReminders
      dailyDigest
      calendarFeedSince
    }
  }
`);

export const SetAdvanceRemindersDocument = graphql(`
  mutation SetAdvanceReminders($on: Boolean!) {
    setAdvanceReminders(on: $on) {
      advanceReminders
      dailyDigest
      calendarFeedSince
    }
  }
`);

export const SetDailyDigestDocument = graphql(`
  mutation SetDailyDigest($on: Boolean!) {
    setDailyDigest(on: $on) {
      advanceReminders
      dailyDigest
      calendarFeedSince
    }
  }
`);

export const DigestHourDocument = graphql(`
  query DigestHour {
    digestHour
  }
`);

export const SetDigestHourDocument = graphql(`
  mutation SetDigestHour($hour: Int!) {
    setDigestHour(hour: $hour)
  }
`);

export const CreateCalendarFeedDocument = graphql(`
  mutation CreateCalendarFeed {
    createCalendarFeed {
      url
    }
  }
`);

export const RevokeCalendarFeedDocument = graphql(`
  mutation RevokeCalendarFeed {
    revokeCalendarFeed
  }
`);

export const ReminderPolicyFieldsFragment = graphql(`
  fragment ReminderPolicyFields on ReminderPolicy {
    kind
    enabled
    recipients
    allowedRecipients
    daysBefore
    overdueEveryDays
  }
`);

export const ReminderPoliciesDocument = graphql(`
  query ReminderPolicies {
    reminderPolicies {
      ...ReminderPolicyFields
    }
  }
`);

export const SaveReminderPolicyDocument = graphql(`
  mutation SaveReminderPolicy($input: ReminderPolicyInput!) {
    saveReminderPolicy(input: $input) {
      ...ReminderPolicyFields
    }
  }
`);

export const FailedRemindersDocument = graphql(`
  query FailedReminders {
    failedReminders {
      id
      kind
      dueOn
      recipient
      employee
      attempts
      lastError
      queuedAt
    }
  }
`);

export const RetryReminderDocument = graphql(`
  mutation RetryReminder($id: ID!) {
    retryReminder(id: $id)
  }
`);

export const FailedDigestsDocument = graphql(`
  query FailedDigests {
    failedDigests {
      id
      day
      recipient
      attempts
      lastError
      queuedAt
    }
  }
`);

export const RetryDigestDocument = graphql(`
  mutation RetryDigest($id: ID!) {
    retryDigest(id: $id)
  }
`);

/**
 * urql: none of these types has an id, and several mutations answer a bare value, so the cache
 * cannot tell what changed; queries and mutations name the types that refetch each other.
 * My tasks follow the case (a step done disappears) and the reminder policy (who is reminded).
 */
export const tasksContext = { additionalTypenames: [...caseContext.additionalTypenames, 'ReminderPolicy'] };
export const settingsContext = { additionalTypenames: ['NotificationSettings'] };
export const failedRemindersContext = { additionalTypenames: ['FailedReminder', 'FailedDigest'] };
