-- The learning-rate schedule's step of each version (io.asyn2f.core.schedule.ScheduleProgress): versions folded from
-- a backlog of stale updates share one step instead of each advancing the schedule. Existing rows were stepped by
-- version.
alter table global_version add column schedule_step bigint;
update global_version set schedule_step = version;
alter table global_version alter column schedule_step set not null;
